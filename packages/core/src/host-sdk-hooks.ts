// Node module resolve hook registered by host-sdk.ts: an import of the SDK or the schema from a
// module under one of the given plugin directories resolves as if core had imported it.
import type { InitializeHook, ResolveHook } from 'node:module';

interface HookData {
  dirs: string[];
  parentURL: string;
  names: string[];
}

let data: HookData = { dirs: [], parentURL: '', names: [] };

export const initialize: InitializeHook<HookData> = (given) => {
  data = given;
};

export const resolve: ResolveHook = (specifier, context, next) => {
  const parent = context.parentURL;
  const shared = data.names.some((n) => specifier === n || specifier.startsWith(`${n}/`));
  if (shared && parent !== undefined && data.dirs.some((d) => parent.startsWith(d))) return next(specifier, { ...context, parentURL: data.parentURL });
  return next(specifier, context);
};
