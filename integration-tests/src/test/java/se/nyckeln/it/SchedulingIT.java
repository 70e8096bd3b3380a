package se.nyckeln.it;

import jakarta.ejb.EJB;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.security.enterprise.AuthenticationStatus;
import jakarta.security.enterprise.authentication.mechanism.http.HttpAuthenticationMechanism;
import jakarta.security.enterprise.authentication.mechanism.http.HttpMessageContext;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.Testable;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import se.nyckeln.platform.problem.BusinessException;
import se.nyckeln.platform.scheduling.HeartbeatJob;
import se.nyckeln.platform.scheduling.JobInfo;
import se.nyckeln.platform.scheduling.JobRun;
import se.nyckeln.platform.scheduling.JobScheduler;

import javax.naming.InitialContext;
import javax.sql.DataSource;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * In-container: the real EAR plus a small test WAR (its own context root, so the application's login constraint on
 * {@code /*} does not apply) that carries this class and Arquillian's servlet. The tests talk to the scheduler
 * singleton directly and read {@code job_run} through the application's data source, so they prove that Quartz
 * fires on the server, obtains the job from CDI and that the run reaches PostgreSQL.
 */
@ExtendWith(ArquillianExtension.class)
class SchedulingIT {

    private static final String TEST_WAR = "scheduling-test.war";
    private static final Duration WAIT = Duration.ofSeconds(30);

    @EJB(lookup = "java:global/nyckeln/nyckeln-ejb/JobScheduler!se.nyckeln.platform.scheduling.JobScheduler")
    private JobScheduler scheduler;

    @Deployment
    static EnterpriseArchive deployment() {
        EnterpriseArchive ear = Deployments.ear();
        // Marked as the archive to test: Arquillian puts its servlet there, not into the application's WAR.
        ear.addAsModule(Testable.archiveToTest(
                ShrinkWrap.create(WebArchive.class, TEST_WAR).addClasses(SchedulingIT.class, OpenTestAuthentication.class, Deployments.class)));
        // The EAR's application.xml lists its modules, so the server deploys only those: list the test WAR too.
        String xml = read(ear.get("META-INF/application.xml").getAsset().openStream());
        ear.delete("META-INF/application.xml");
        ear.setApplicationXML(new StringAsset(xml.replace("<library-directory>", "<module><web><web-uri>" + TEST_WAR
                + "</web-uri><context-root>/scheduling-test</context-root></web></module>\n  <library-directory>")));
        return ear;
    }

    /**
     * Jakarta Security installs the application's one authentication mechanism in every web module of the EAR, and
     * the application's mechanism bean lives in its own WAR, invisible here. The test WAR brings its own, which lets
     * every request through unauthenticated: the runner servlet needs no login, and the scheduler it calls checks no
     * roles (the role check sits in {@code Scheduling}, tested over HTTP).
     */
    @ApplicationScoped
    public static class OpenTestAuthentication implements HttpAuthenticationMechanism {
        @Override
        public AuthenticationStatus validateRequest(HttpServletRequest request, HttpServletResponse response,
                                                    HttpMessageContext context) {
            return context.doNothing();
        }
    }

    @Test
    void heartbeatIsRegisteredWithItsCronAndANextFiring() {
        JobInfo heartbeat = scheduler.job(HeartbeatJob.NAME);
        assertTrue(heartbeat.enabled());
        assertEquals("0 0/5 * * * ?", heartbeat.cron());
        assertNotNull(heartbeat.nextFireTime());
        assertTrue(heartbeat.nextFireTime().isAfter(Instant.now().minusSeconds(1)), heartbeat.toString());
        assertFalse(heartbeat.overlapAllowed(), "the heartbeat is @DisallowConcurrentExecution");
        assertTrue(scheduler.jobs().stream().anyMatch(j -> j.name().equals(HeartbeatJob.NAME)));
    }

    @Test
    void everySecondCronFiresTheJobRepeatedlyAndEachRunIsLogged() throws Exception {
        long before = succeededRuns();
        try {
            JobInfo fast = scheduler.reschedule(HeartbeatJob.NAME, "* * * * * ?");
            assertEquals("* * * * * ?", fast.cron());
            waitUntil(() -> succeededRuns() >= before + 3, "three heartbeats from the every-second trigger");
        } finally {
            scheduler.reschedule(HeartbeatJob.NAME, null);
        }
        assertEquals("0 0/5 * * * ?", scheduler.job(HeartbeatJob.NAME).cron(), "configured cron restored");
        JobRun last = scheduler.job(HeartbeatJob.NAME).lastRun();
        assertNotNull(last);
        assertNotNull(last.finishedAt());
    }

    @Test
    void runningAJobByHandWritesAFinishedRow() throws Exception {
        long lastId = maxRunId();
        scheduler.triggerNow(HeartbeatJob.NAME);
        waitUntil(() -> runsAfter(lastId, "SUCCEEDED") >= 1, "a SUCCEEDED job_run row after the manual trigger");
        assertEquals(0, runsAfter(lastId, "FAILED"));
    }

    @Test
    void unknownJobIsNotFound() {
        BusinessException e = assertThrows(BusinessException.class, () -> scheduler.triggerNow("no-such-job"));
        assertEquals(404, e.status());
    }

    private static void waitUntil(BooleanSupplier condition, String what) throws InterruptedException {
        Instant deadline = Instant.now().plus(WAIT);
        while (Instant.now().isBefore(deadline)) {
            if (condition.getAsBoolean()) {
                return;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("not within " + WAIT.toSeconds() + " s: " + what);
    }

    private static long succeededRuns() {
        return count("SELECT count(*) FROM nyckeln.job_run WHERE job_name = ? AND outcome = 'SUCCEEDED'"
                + " AND finished_at IS NOT NULL", HeartbeatJob.NAME);
    }

    private static long maxRunId() {
        return count("SELECT coalesce(max(id), 0) FROM nyckeln.job_run WHERE job_name = ?", HeartbeatJob.NAME);
    }

    private static long runsAfter(long id, String outcome) {
        return count("SELECT count(*) FROM nyckeln.job_run WHERE job_name = ? AND id > " + id + " AND outcome = '"
                + outcome + "'", HeartbeatJob.NAME);
    }

    private static long count(String sql, String jobName) {
        try {
            DataSource ds = (DataSource) new InitialContext().lookup("java:jboss/datasources/NyckelnDS");
            try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
                ps.setString(1, jobName);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getLong(1);
                }
            }
        } catch (Exception e) {
            throw new IllegalStateException("could not query job_run", e);
        }
    }

    private static String read(InputStream in) {
        try (in; ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            in.transferTo(out);
            return out.toString(StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
