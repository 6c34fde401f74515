export { buildProgram, main, EXIT } from './main.js';
