package org.cometserver.bench;

/**
 * {@code port=N [threads=T]}: the arguments of the fan-out's reference servers ({@link BareNettyWsServer},
 * {@link MinimalWsWriter}).
 */
record ReferenceServerArgs(int port, int threads) {
    /** Parses {@code args}; prints {@code usage} and exits with status 2 on anything else. */
    static ReferenceServerArgs parse(String[] args, int defaultThreads, String usage) {
        int port = 0;
        int threads = defaultThreads;
        for (String arg : args) {
            if (arg.startsWith("port=")) {
                port = Integer.parseInt(arg.substring(5));
            } else if (arg.startsWith("threads=")) {
                threads = Integer.parseInt(arg.substring(8));
            } else {
                System.err.println("usage: " + usage);
                System.exit(2);
            }
        }
        return new ReferenceServerArgs(port, threads);
    }
}
