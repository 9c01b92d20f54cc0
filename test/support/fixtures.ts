import { fileURLToPath } from 'node:url'

/** Falco's k8saudit fixtures live beside the project, in ../shared; they are read from there, never copied. */
export const FALCO_DIR = fileURLToPath(new URL('../../../shared/fixtures/falco-k8saudit', import.meta.url))
export const FALCO_EVENTS_DIR = `${FALCO_DIR}/events`
