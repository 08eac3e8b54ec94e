// Types for scripts/test-tools.mjs, which tests import to find the third-party programs they drive.
export declare const NODE_MAJOR: number;
export type ToolName = "wrangler" | "alchemy" | "node22";
export declare const TOOLS: Record<ToolName, { version: string; node?: number; packages: Record<string, string>; bin: string[] }>;
export type FoundTool =
  | { ok: true; dir: string; node: string; bin: string; version: string; nodeVersion: string }
  | { ok: false; reason: string };
export declare function toolsRoot(env?: NodeJS.ProcessEnv): string;
export declare function toolDir(name: ToolName, env?: NodeJS.ProcessEnv): string;
export declare function findTool(name: ToolName, env?: NodeJS.ProcessEnv): FoundTool;
export declare function installTool(name: ToolName, env?: NodeJS.ProcessEnv): boolean;
