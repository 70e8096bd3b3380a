package se.nyckeln;

import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/** The package rules of ARCHITECTURE.md for the ejb module (domain, application, infrastructure). */
@AnalyzeClasses(packages = "se.nyckeln", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    /** Bounded contexts; {@code platform} and {@code shared} are usable by all of them. */
    static final List<String> CONTEXTS =
            List.of("organisation", "licensing", "agreements", "suppliers", "chargeback", "statistics", "audit");

    @ArchTest
    static final ArchRule noHttpOrUiInTheEjbModule = noClasses()
            .should().dependOnClassesThat().resideInAnyPackage("jakarta.ws.rs..", "jakarta.servlet..", "jakarta.faces..")
            .because("HTTP and UI belong in the web module");

    @ArchTest
    static final ArchRule domainDoesNotDependOnApplicationOrInfrastructure = noClasses()
            .that().resideInAPackage("..domain..")
            .should().dependOnClassesThat().resideInAnyPackage("..application..", "..infrastructure..")
            .allowEmptyShould(true);

    @ArchTest
    static final ArchRule sharedDependsOnNothingOfOurs = noClasses()
            .that().resideInAPackage("se.nyckeln.shared..")
            .should().dependOnClassesThat(resideInAPackage("se.nyckeln..").and(not(resideInAPackage("se.nyckeln.shared.."))))
            .because("value objects are the bottom layer");

    @ArchTest
    static final ArchRule contextsMeetOnlyThroughApplicationApis = classes()
            .that().resideInAnyPackage(CONTEXTS.stream().map(c -> "se.nyckeln." + c + "..").toArray(String[]::new))
            .should(notReachIntoAnotherContextsDomainOrInfrastructure())
            .allowEmptyShould(true);

    @ArchTest
    static final ArchRule noVagueClassNames = noClasses()
            .should().haveSimpleNameEndingWith("Manager")
            .orShould().haveSimpleNameEndingWith("Helper")
            .orShould().haveSimpleNameEndingWith("Utils")
            .orShould().haveSimpleNameEndingWith("Impl")
            .because("names say what a class is for (ARCHITECTURE.md, Names)");

    private static final Pattern CONTEXT_LAYER = Pattern.compile("se\\.nyckeln\\.([a-z]+)\\.(domain|infrastructure)(\\..*)?");

    static ArchCondition<JavaClass> notReachIntoAnotherContextsDomainOrInfrastructure() {
        return new ArchCondition<>("not depend on another context's domain or infrastructure") {
            @Override
            public void check(JavaClass origin, ConditionEvents events) {
                String own = contextOf(origin.getPackageName());
                for (Dependency d : origin.getDirectDependenciesFromSelf()) {
                    Matcher m = CONTEXT_LAYER.matcher(d.getTargetClass().getPackageName());
                    if (m.matches() && CONTEXTS.contains(m.group(1)) && !m.group(1).equals(own)) {
                        events.add(SimpleConditionEvent.violated(d, d.getDescription()));
                    }
                }
            }
        };
    }

    static String contextOf(String packageName) {
        String rest = packageName.substring("se.nyckeln.".length());
        int dot = rest.indexOf('.');
        return dot < 0 ? rest : rest.substring(0, dot);
    }
}
