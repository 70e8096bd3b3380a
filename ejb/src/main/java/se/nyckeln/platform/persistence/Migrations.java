package se.nyckeln.platform.persistence;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.TransactionManagement;
import jakarta.ejb.TransactionManagementType;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;
import org.jboss.logging.Logger;

import javax.sql.DataSource;
import java.util.Map;

/**
 * Applies the Flyway migrations ({@code db/migration}) at start-up, as the schema owner role, before anything
 * else touches the database. The application itself connects as a role without DDL rights; the migrations
 * grant it what it needs ({@code ${app_role}}). Out-of-order migrations are applied: version numbers are ranges
 * per bounded context, not a single timeline.
 */
@Singleton
@Startup
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
@TransactionManagement(TransactionManagementType.BEAN)
public class Migrations {

    private static final Logger LOG = Logger.getLogger(Migrations.class);
    public static final String SCHEMA = "nyckeln";

    @Resource(lookup = "java:jboss/datasources/NyckelnOwnerDS")
    private DataSource ownerDataSource;

    private volatile boolean applied;
    private volatile String version = "";

    @PostConstruct
    void migrate() {
        String appRole = System.getProperty("nyckeln.db.user",
                System.getenv().getOrDefault("NYCKELN_DB_USER", "nyckeln_app"));
        Flyway flyway = Flyway.configure(Migrations.class.getClassLoader())
                .dataSource(ownerDataSource)
                .schemas(SCHEMA)
                .defaultSchema(SCHEMA)
                .createSchemas(true)
                .locations("classpath:db/migration")
                .placeholders(Map.of("app_role", appRole))
                .validateMigrationNaming(true)
                // Each bounded context numbers its migrations in its own range (V20-V29 licensing, V40-V49
                // chargeback, ...), so a context's new migration may be numbered below another context's newest
                // one; a database made by an earlier version must still receive it.
                .outOfOrder(true)
                .load();
        MigrateResult result = flyway.migrate();
        version = flyway.info().current() == null ? "" : flyway.info().current().getVersion().getVersion();
        LOG.infof("Database schema %s at version %s (%d migrations applied now)", SCHEMA, version,
                result.migrationsExecuted);
        if (flyway.info().pending().length > 0) {
            throw new IllegalStateException("migrations pending after migrate()");
        }
        applied = true;
    }

    public boolean applied() {
        return applied;
    }

    public String version() {
        return version;
    }
}
