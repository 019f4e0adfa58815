/**
 * The narrow bridge: one named function per API method and one subscription to push events,
 * nothing else. ipcRenderer itself is never exposed, so a compromised renderer cannot reach
 * arbitrary channels.
 */
import { contextBridge, ipcRenderer } from 'electron'
import { METHOD_NAMES, PUSH_CHANNEL, channelOf } from '../../shared/methods'

const bridge: Record<string, unknown> = {}
for (const m of METHOD_NAMES) bridge[m] = (input: unknown) => ipcRenderer.invoke(channelOf(m), input)
/** Change notifications and progress; returns the unsubscribe function. */
bridge.onPush = (fn: (event: unknown) => void) => {
  const listener = (_e: unknown, event: unknown) => fn(event)
  ipcRenderer.on(PUSH_CHANNEL, listener)
  return () => ipcRenderer.removeListener(PUSH_CHANNEL, listener)
}

contextBridge.exposeInMainWorld('workbench', Object.freeze(bridge))
