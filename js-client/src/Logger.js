// Console output filtered by level: 0 silent, 1 errors, 2 warnings, 3 info, 4 debug (CppComet's setLogLevel numbers
// grow with verbosity the same way).

export class Logger {
  constructor(level = 1, sink = globalThis.console) {
    this.level = level;
    this.sink = sink;
  }

  error(text) {
    this.write(1, "error", text);
  }

  warn(text) {
    this.write(2, "warn", text);
  }

  info(text) {
    this.write(3, "info", text);
  }

  debug(text) {
    this.write(4, "log", text);
  }

  write(level, method, text) {
    if (this.level >= level && this.sink) {
      this.sink[method]("[comet-client] " + text);
    }
  }
}
