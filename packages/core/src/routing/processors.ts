import { RecordProcessor, resolveOptions, type Arrival, type ParserLogger, type StreamContext } from '@asimkit/sdk';
import type { Logger } from '../logger.js';
import type { LoadedPlugin } from '../registry.js';
import type { NormalizeRequest } from '../types.js';

/** What every parser of one input shares: the input's path, receive time, log and projection. */
export interface InputContext {
  readonly path: string;
  readonly log: Logger;
  /** When this input was opened: the receive time for records without a time of their own. */
  readonly receivedAt: string;
  readonly fields: ReadonlySet<string> | undefined;
  readonly req: NormalizeRequest;
  /** Set per record by inputs that know more than the stream (shipper envelopes, listeners). */
  readonly arrival: CurrentArrival;
}

/** The Arrival of the record being decoded: one object per input, overwritten record by record. */
export class CurrentArrival implements Arrival {
  receivedAt?: string;
  host?: string;
  app?: string;
  peer?: string;

  set(a: Arrival): void {
    this.receivedAt = a.receivedAt;
    this.host = a.host;
    this.app = a.app;
    this.peer = a.peer;
  }
}

/** A parser's view of the input: the stream's values, with the receive time of the current record when it has one. */
class InputStreamContext implements StreamContext<unknown> {
  readonly path: string;
  readonly log: ParserLogger;
  readonly fields: ReadonlySet<string> | undefined;

  constructor(
    private readonly input: InputContext,
    id: string,
    readonly options: unknown,
  ) {
    this.path = input.path;
    this.log = input.log.child({ plugin: id });
    this.fields = input.fields;
  }

  get receivedAt(): string {
    return this.input.arrival.receivedAt ?? this.input.receivedAt;
  }

  get arrival(): Arrival {
    return this.input.arrival;
  }
}

/** The stream context of one parser or codec on an input, with its `--opt` settings. */
export function streamContext(input: InputContext, id: string, options: unknown): StreamContext<unknown> {
  return new InputStreamContext(input, id, options);
}

/** One RecordProcessor per plugin per input, made when the input first routes a record to it. */
export class Processors {
  private readonly byId = new Map<string, RecordProcessor<unknown>>();

  constructor(private readonly input: InputContext) {}

  get(plugin: LoadedPlugin): RecordProcessor<unknown> {
    const id = plugin.manifest.id;
    let p = this.byId.get(id);
    if (!p) {
      const options = resolveOptions(plugin.parser, this.input.req.pluginOptions?.get(id) ?? {});
      this.byId.set(id, (p = new RecordProcessor(plugin.parser, streamContext(this.input, id, options))));
    }
    return p;
  }
}
