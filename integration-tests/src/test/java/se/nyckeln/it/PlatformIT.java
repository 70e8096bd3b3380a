package se.nyckeln.it;

import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The platform seen from outside: health, authentication answers, problem+json shape, OpenAPI. */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class PlatformIT {

    @Deployment(testable = false)
    static EnterpriseArchive deployment() {
        return Deployments.ear();
    }

    @Test
    void healthIsPublicAndReportsDatabaseAndMigrations() {
        Api.Reply r = Api.anonymous().get("/api/v1/health");
        assertEquals(200, r.status(), r.toString());
        assertEquals("UP", r.json().getString("status"));
        assertTrue(r.json().getBoolean("database"));
        assertTrue(r.json().getBoolean("migrations"));
    }

    @Test
    void unauthenticatedApiCallGets401ProblemNotARedirect() {
        Api.Reply r = Api.anonymous().get("/api/v1/units");
        assertEquals(401, r.status(), r.toString());
        assertTrue(r.isProblem(), r.toString());
        assertEquals("unauthenticated", r.json().getString("code"));
        assertEquals(401, r.json().getInt("status"));
        assertTrue(r.raw().headers().firstValue("WWW-Authenticate").orElse("").startsWith("Basic"));
    }

    @Test
    void wrongPasswordIs401() {
        Api.Reply r = Api.as("admin-does-not-exist").get("/api/v1/units");
        assertEquals(401, r.status(), r.toString());
        assertTrue(r.isProblem());
    }

    @Test
    void problemTextFollowsAcceptLanguage() {
        String sv = Api.anonymous().get("/api/v1/units").json().getString("title");
        String en = Api.anonymous().inEnglish().get("/api/v1/units").json().getString("title");
        assertEquals("Inloggning krävs", sv);
        assertEquals("Authentication required", en);
    }

    @Test
    void unauthenticatedPageRequestIsRedirectedToLogin() {
        Api.Reply r = Api.anonymous().get("/");
        assertEquals(302, r.status(), r.toString());
        assertTrue(r.raw().headers().firstValue("Location").orElse("").contains("/login.xhtml"));
    }

    @Test
    void loginPageIsPublic() {
        Api.Reply r = Api.anonymous().get("/login.xhtml");
        assertEquals(200, r.status(), r.toString());
        assertTrue(r.body().contains("Logga in"), r.body());
    }

    @Test
    void unknownApiPathIsProblemJsonWithoutStackTrace() {
        Api.Reply r = Api.as("admin").get("/api/v1/no-such-thing");
        assertEquals(404, r.status(), r.toString());
        assertTrue(r.isProblem(), r.toString());
        assertFalse(r.body().contains("Exception"));
    }

    @Test
    void openApiDocumentIsPublic() {
        Api.Reply r = Api.anonymous().get("/openapi");
        assertEquals(200, r.status(), r.toString());
        assertTrue(r.body().contains("openapi"));
    }
}
