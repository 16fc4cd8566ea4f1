package org.cometserver.server.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import org.cometserver.server.config.DbSection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;

/**
 * The store over JDBC with a HikariCP pool: embedded H2 in MySQL mode by default, MariaDB/MySQL through
 * Connector/J when {@code [db] host} is set. One SQL dialect serves both (docs/DEPENDENCIES.md §5). The schema is created
 * or migrated at open.
 */
public final class JdbcStore implements Store {
    private static final Logger log = LoggerFactory.getLogger(JdbcStore.class);
    /** CppComet: connection attempts at start are 5 s apart (§1.1). */
    public static final Duration DEFAULT_RETRY_DELAY = Duration.ofSeconds(5);

    private final HikariDataSource dataSource;
    private final Jdbc jdbc;
    private final AuthStore auth;
    private final OnlineTimeStore onlineTimes;
    private final MessageQueueStore messageQueue;
    private final HistoryStore history;
    private final PipeSettingsStore pipeSettings;
    private final UserDataStore userData;
    private final RevokedTokenStore revokedTokens;
    private final ConferenceStore conferences;
    private final GuestStore guests;
    private final RoomSettingsStore roomSettings;
    private final RecordingStore recordings;
    private final PhoneStore phones;

    private JdbcStore(HikariDataSource dataSource) {
        this.dataSource = dataSource;
        this.jdbc = new Jdbc(dataSource);
        this.auth = new JdbcAuthStore(jdbc);
        this.onlineTimes = new JdbcOnlineTimeStore(jdbc);
        this.messageQueue = new JdbcMessageQueueStore(jdbc);
        this.history = new JdbcHistoryStore(jdbc);
        this.pipeSettings = new JdbcPipeSettingsStore(jdbc);
        this.userData = new JdbcUserDataStore(jdbc);
        this.revokedTokens = new JdbcRevokedTokenStore(jdbc);
        this.conferences = new JdbcConferenceStore(jdbc);
        this.guests = new JdbcGuestStore(jdbc);
        this.roomSettings = new JdbcRoomSettingsStore(jdbc);
        this.recordings = new JdbcRecordingStore(jdbc);
        this.phones = new JdbcPhoneStore(jdbc);
    }

    public static JdbcStore open(DbSection db) {
        return open(db, DEFAULT_RETRY_DELAY);
    }

    /**
     * Connects (trying {@code [db] connection_attempts} times, {@code retryDelay} apart) and migrates the schema.
     *
     * @throws StoreException when no attempt succeeded or the migration failed
     */
    public static JdbcStore open(DbSection db, Duration retryDelay) {
        HikariDataSource dataSource = connect(db, retryDelay);
        try (Connection connection = dataSource.getConnection()) {
            int version = SchemaMigrations.migrate(connection);
            log.info("store {} open, schema version {}", describe(db), version);
            return new JdbcStore(dataSource);
        } catch (SQLException | RuntimeException e) {
            dataSource.close();
            throw new StoreException("cannot prepare the store schema on " + describe(db) + ": " + e.getMessage(), e);
        }
    }

    private static HikariDataSource connect(DbSection db, Duration retryDelay) {
        String url = jdbcUrl(db);
        StoreException last = null;
        for (int attempt = 1; attempt <= db.connectionAttempts(); attempt++) {
            try {
                return new HikariDataSource(poolConfig(db, url));
            } catch (RuntimeException e) {
                if (db.embedded() && H2FileInUse.causes(e)) {
                    throw new StoreException("cannot open " + describe(db) + ": the database file is in use by"
                            + " another process (another comet server with the same [db] embedded_path?)", e);
                }
                last = new StoreException("cannot connect to " + describe(db) + ": " + rootMessage(e), e);
                log.warn("store connection attempt {}/{} failed: {}", attempt, db.connectionAttempts(),
                        last.getMessage());
                if (attempt < db.connectionAttempts()) {
                    sleep(retryDelay);
                }
            }
        }
        throw last;
    }

    /** The JDBC URL for {@code [db]}. */
    static String jdbcUrl(DbSection db) {
        if (db.embedded()) {
            // H2 refuses implicitly relative paths; make it absolute against the working directory.
            String path = Path.of(db.embeddedPath()).toAbsolutePath().normalize().toString();
            // WRITE_DELAY=0 (our default): a commit is written to the file before the statement returns, so an OK
            // survives a crash of the process (H2's own default keeps up to 500 ms of commits in memory)
            return "jdbc:h2:file:" + path + ";MODE=MySQL;DATABASE_TO_LOWER=TRUE;WRITE_DELAY=" + db.embeddedWriteDelay();
        }
        return "jdbc:mysql://" + db.host() + ":" + db.port() + "/" + db.name()
                + "?characterEncoding=UTF-8&connectionTimeZone=UTC&allowPublicKeyRetrieval=true";
    }

    private static HikariConfig poolConfig(DbSection db, String url) {
        HikariConfig config = new HikariConfig();
        config.setPoolName("comet-store");
        config.setJdbcUrl(url);
        if (!db.embedded()) {
            config.setUsername(db.user());
            config.setPassword(db.password());
        }
        config.setMaximumPoolSize(db.poolSize());
        config.setMinimumIdle(Math.min(2, db.poolSize()));
        config.setConnectionTimeout(10_000);
        config.setInitializationFailTimeout(1);
        return config;
    }

    private static String describe(DbSection db) {
        return db.embedded() ? "H2 " + db.embeddedPath() : "MySQL " + db.host() + ":" + db.port() + "/" + db.name();
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        return root.getMessage();
    }

    private static void sleep(Duration delay) {
        try {
            Thread.sleep(delay.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreException("interrupted while connecting to the store", e);
        }
    }

    @Override
    public void ping() {
        jdbc.query("SELECT 1", row -> row.getInt(1));
    }

    @Override
    public AuthStore auth() {
        return auth;
    }

    @Override
    public OnlineTimeStore onlineTimes() {
        return onlineTimes;
    }

    @Override
    public MessageQueueStore messageQueue() {
        return messageQueue;
    }

    @Override
    public HistoryStore history() {
        return history;
    }

    @Override
    public PipeSettingsStore pipeSettings() {
        return pipeSettings;
    }

    @Override
    public UserDataStore userData() {
        return userData;
    }

    @Override
    public RevokedTokenStore revokedTokens() {
        return revokedTokens;
    }

    @Override
    public ConferenceStore conferences() {
        return conferences;
    }

    @Override
    public GuestStore guests() {
        return guests;
    }

    @Override
    public PhoneStore phones() {
        return phones;
    }

    @Override
    public RoomSettingsStore roomSettings() {
        return roomSettings;
    }

    @Override
    public RecordingStore recordings() {
        return recordings;
    }

    @Override
    public void close() {
        dataSource.close();
    }
}
