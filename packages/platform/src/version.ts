/** vigil's version, shown in banners, /openapi.json and `vigil --version`. */
export const VIGIL_VERSION = '0.1.0'
