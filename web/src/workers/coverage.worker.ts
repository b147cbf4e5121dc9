import * as Comlink from 'comlink'
import { coverageApi } from './coverage-api.ts'

Comlink.expose(coverageApi)
