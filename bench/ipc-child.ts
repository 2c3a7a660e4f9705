/**
 * A benchmark's server child over IPC: answers awaited by message type, each with a deadline,
 * and a run that ends loudly if the child dies before it was asked to stop (a run without its
 * server is void: stop at once rather than wait for every deadline).
 */
import type { ChildProcess } from 'node:child_process'

export interface IpcChild<In, Out extends { type: string }> {
  /** Resolves once the child has exited, for whatever reason. */
  readonly exited: Promise<void>
  /** The next message of `type` from the child (30 s at most). */
  next<T extends Out['type']>(type: T): Promise<Extract<Out, { type: T }>>
  /** Sends `message` and waits for the child's `answer`. */
  request<T extends Out['type']>(message: In, answer: T): Promise<Extract<Out, { type: T }>>
  /** From now on the child's exit is expected and no longer ends the run. */
  stopping(): void
}

export function watchChild<In, Out extends { type: string }>(
  child: ChildProcess,
  label: string,
  onUnexpectedExit: () => void,
): IpcChild<In, Out> {
  const waiting = new Map<string, (message: Out) => void>()
  let stopping = false
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
  void exited.then(() => {
    if (stopping) return
    console.error(`${label} exited (code ${child.exitCode}, signal ${child.signalCode})`)
    onUnexpectedExit()
    process.exit(1)
  })
  child.on('message', (message: Out) => {
    const resolve = waiting.get(message.type)
    waiting.delete(message.type)
    resolve?.(message)
  })
  const next = <T extends Out['type']>(type: T) =>
    new Promise<Extract<Out, { type: T }>>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`${label}: no ${type}`)), 30_000)
      waiting.set(type, (message) => {
        clearTimeout(timer)
        resolve(message as Extract<Out, { type: T }>)
      })
    })
  return {
    exited,
    next,
    request(message, answer) {
      const reply = next(answer)
      child.send(message as object)
      return reply
    },
    stopping() {
      stopping = true
    },
  }
}
