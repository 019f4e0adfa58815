/**
 * The narrow bridge: one named function per API method and one subscription to push events,
 * nothing else. ipcRenderer itself is never exposed, so a compromised renderer cannot reach
 * arbitrary channels.
 */
import { contextBridge, ipcRenderer } from 'electron'
import { CANCEL_CHANNEL, METHOD_NAMES, PUSH_CHANNEL, channelOf } from '../../shared/methods'

const bridge: Record<string, unknown> = {}
for (const m of METHOD_NAMES) bridge[m] = (input: unknown) => ipcRenderer.invoke(channelOf(m), input)
/** Change notifications and progress; returns the unsubscribe function. */
bridge.onPush = (fn: (event: unknown) => void) => {
  const listener = (_e: unknown, event: unknown) => fn(event)
  ipcRenderer.on(PUSH_CHANNEL, listener)
  return () => ipcRenderer.removeListener(PUSH_CHANNEL, listener)
}

/** Stops the running long operation (import, bulk load) at its next check. */
bridge.cancel = () => ipcRenderer.invoke(CANCEL_CHANNEL)

contextBridge.exposeInMainWorld('workbench', Object.freeze(bridge))
