// Stream engines: where a live session's MP3 goes so receivers can listen.
// Embedded (this process serves /live/<session>.mp3) or Icecast (the server
// is a source client; Icecast serves the listeners). Infrastructure: knows
// nothing of broadcasts or receivers.

/** One live session's stream in an engine. */
export interface LiveMount {
  /** The URL receivers open (signed where the engine checks a signature). */
  readonly listenerUrl: string;
  /** One or more whole MP3 frames, in order. */
  write(frames: Buffer): void;
  /** Ends the stream: every listener's body ends, new listeners are refused. */
  end(): Promise<void>;
  /** Listeners connected now (null when the engine cannot tell). */
  listeners(): Promise<number | null>;
  /**
   * Called once if the stream ends without `end()` (the engine's connection
   * broke: Icecast restarted, the link to it dropped), with what happened.
   * Called at once if that already happened.
   */
  onLost(listener: (why: string) => void): void;
}

export interface StreamEngine {
  readonly name: 'embedded' | 'icecast';
  open(sessionId: string): Promise<LiveMount>;
}

/** Each frame's place on the session's timeline, for receivers in step mode. */
export interface FrameClock {
  /** Server epoch ms at which frame 0 of the session was produced. */
  epochMs: number;
  frameMs: number;
}
