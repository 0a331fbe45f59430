// Loader: the options page is built by Rust (src/browser/options.rs).
import init, { options_main } from './pkg/leadlens.js';

init({ module_or_path: new URL('./pkg/leadlens_bg.wasm', import.meta.url) }).then(options_main);
