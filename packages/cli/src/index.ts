export { main, runCli, COMMANDS } from './main.js'
export { createEmbedded, type Embedded, type EmbeddedDeps } from './embedded.js'
export { loadAllConfigs, allProblems } from './load-configs.js'
