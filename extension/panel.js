// Loader: the side panel is built by Rust (src/browser/panel.rs).
import init, { panel_main } from './pkg/leadlens.js';

init({ module_or_path: new URL('./pkg/leadlens_bg.wasm', import.meta.url) }).then(panel_main);
