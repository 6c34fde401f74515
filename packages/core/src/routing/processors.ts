import { RecordProcessor, resolveOptions, type StreamContext } from '@asimkit/sdk';
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
}

/** The stream context of one parser or codec on an input, with its `--opt` settings. */
export function streamContext(input: InputContext, id: string, options: unknown): StreamContext<unknown> {
  return { path: input.path, log: input.log.child({ plugin: id }), receivedAt: input.receivedAt, fields: input.fields, options };
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
