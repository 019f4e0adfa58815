/**
 * The narrow bridge: one named function per API method, nothing else. ipcRenderer itself is
 * never exposed, so a compromised renderer cannot reach arbitrary channels.
 */
import { contextBridge, ipcRenderer } from 'electron'
import { METHOD_NAMES, channelOf } from '../../shared/methods'

const bridge: Record<string, (input: unknown) => Promise<unknown>> = {}
for (const m of METHOD_NAMES) bridge[m] = (input: unknown) => ipcRenderer.invoke(channelOf(m), input)

contextBridge.exposeInMainWorld('workbench', Object.freeze(bridge))
