export type LifecycleState = 'starting' | 'running' | 'stopping' | 'stopped' | 'failed';

const allowed: Record<LifecycleState, readonly LifecycleState[]> = {
  starting: ['running', 'stopping', 'failed'],
  running: ['stopping', 'failed'],
  stopping: ['stopped', 'failed'],
  stopped: [],
  failed: [],
};

/** The service's phase. Transitions are one-way, so a stopping service can never report running again. */
export class ServiceState {
  private state: LifecycleState = 'starting';
  private readonly listeners: Array<(from: LifecycleState, to: LifecycleState) => void> = [];

  get current(): LifecycleState {
    return this.state;
  }

  /** Moves to `to`; returns false (and changes nothing) when that transition is not allowed. */
  transition(to: LifecycleState): boolean {
    const from = this.state;
    if (!allowed[from].includes(to)) return false;
    this.state = to;
    for (const listener of this.listeners) listener(from, to);
    return true;
  }

  onChange(listener: (from: LifecycleState, to: LifecycleState) => void): void {
    this.listeners.push(listener);
  }
}
