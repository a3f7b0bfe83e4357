export { compareVersions, type ActionChange, type DiffReport, type Flip, type SystemDiff } from "./compare.ts";
export { diffMarkdown } from "./markdown.ts";
export { openSpecSource, SpecSourceError, type SpecSource } from "./source.ts";
