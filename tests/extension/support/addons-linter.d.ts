// The part of addons-linter's API the packaging test uses (the package ships no types).
declare module 'addons-linter' {
  interface LinterMessage {
    code: string;
    message: string;
    file?: string;
  }
  interface LinterReport {
    errors: LinterMessage[];
    warnings: LinterMessage[];
    notices: LinterMessage[];
  }
  export function createInstance(opts: { config: Record<string, unknown>; runAsBinary: boolean }): {
    run(): Promise<LinterReport>;
  };
}
