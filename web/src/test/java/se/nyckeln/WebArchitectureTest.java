package se.nyckeln;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaMethod;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.core.importer.Location;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import jakarta.annotation.security.DenyAll;
import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;

import java.lang.annotation.Annotation;
import java.util.List;
import java.util.Set;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.methods;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/**
 * Rules for the web module: every endpoint states who may call it, and only the allow-listed public endpoints are
 * open. The ejb module is on this module's class path; {@link WebModuleOnly} keeps its classes out of the analysis
 * (the ejb module has its own {@code ArchitectureTest}).
 */
@AnalyzeClasses(packages = "se.nyckeln",
        importOptions = {ImportOption.DoNotIncludeTests.class, WebArchitectureTest.WebModuleOnly.class})
class WebArchitectureTest {

    /**
     * Resources allowed to use {@code @PermitAll}: readiness and the open data (reliability.md §4.2 lists what may
     * be public; web.xml opens exactly their paths).
     */
    static final Set<String> PUBLIC_RESOURCES = Set.of("se.nyckeln.platform.rest.HealthResource",
            "se.nyckeln.statistics.rest.OpenDataResource");

    private static final List<Class<? extends Annotation>> HTTP_METHODS =
            List.of(GET.class, POST.class, PUT.class, DELETE.class, PATCH.class);
    private static final List<Class<? extends Annotation>> ACCESS =
            List.of(RolesAllowed.class, PermitAll.class, DenyAll.class);

    /** Leaves out the ejb module (a jar or another module's classes directory on the test class path). */
    public static final class WebModuleOnly implements ImportOption {
        @Override
        public boolean includes(Location location) {
            return !location.contains("nyckeln-ejb") && !location.contains("/ejb/target/");
        }
    }

    @ArchTest
    static final ArchRule everyEndpointDeclaresWhoMayCallIt = methods()
            .that().areDeclaredInClassesThat().areAnnotatedWith(Path.class)
            .and().arePublic()
            .should(declareAccessWhenHttpMethod());

    @ArchTest
    static final ArchRule permitAllOnlyOnPublicResources = classes()
            .should(usePermitAllOnlyIfAllowListed());

    @ArchTest
    static final ArchRule noEntityManagerInWeb = noClasses()
            .should().dependOnClassesThat().haveFullyQualifiedName("jakarta.persistence.EntityManager")
            .because("the web module maps requests to application services; persistence lives in the ejb module");

    static ArchCondition<JavaMethod> declareAccessWhenHttpMethod() {
        return new ArchCondition<>("carry @RolesAllowed, @PermitAll or @DenyAll (on the method or its class)") {
            @Override
            public void check(JavaMethod method, ConditionEvents events) {
                boolean endpoint = HTTP_METHODS.stream().anyMatch(method::isAnnotatedWith);
                if (!endpoint) {
                    return;
                }
                boolean declared = ACCESS.stream().anyMatch(a -> method.isAnnotatedWith(a) || method.getOwner().isAnnotatedWith(a));
                if (!declared) {
                    events.add(SimpleConditionEvent.violated(method, method.getFullName() + " declares no access rule"));
                }
            }
        };
    }

    static ArchCondition<JavaClass> usePermitAllOnlyIfAllowListed() {
        return new ArchCondition<>("use @PermitAll only if listed in PUBLIC_RESOURCES") {
            @Override
            public void check(JavaClass type, ConditionEvents events) {
                boolean uses = type.isAnnotatedWith(PermitAll.class)
                        || type.getMethods().stream().anyMatch(m -> m.isAnnotatedWith(PermitAll.class));
                if (uses && !PUBLIC_RESOURCES.contains(type.getName())) {
                    events.add(SimpleConditionEvent.violated(type, type.getName() + " uses @PermitAll but is not allow-listed"));
                }
            }
        };
    }
}
