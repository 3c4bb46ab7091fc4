package dev.nlulab;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static org.assertj.core.api.Assertions.assertThat;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideOutsideOfPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * The layering of docs/architecture.md, checked on the compiled application (tests left out): no two
 * packages depend on each other, even through others; the ML side runs in a job process as well as
 * in the server, so it knows nothing of the web, the database or accounts; leaves (identity, metrics,
 * content, config) import nothing of ours; web knows features only through the routes they register;
 * only cli wires everything; a simple name means one type.
 */
class ArchitectureTest {
    private static final JavaClasses APP = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.nlulab");

    /** Only these and the package itself (with its sub-packages) are ours to depend on. */
    private static DescribedPredicate<JavaClass> onlyOurs(String... packages) {
        return resideOutsideOfPackage("dev.nlulab..").or(resideInAnyPackage(packages));
    }

    @Test
    void noPackageCycles() {
        slices().matching("dev.nlulab.(**)").should().beFreeOfCycles().check(APP);
    }

    @Test
    void theMlSideKnowsNothingOfTheServer() {
        noClasses()
                .that().resideInAnyPackage("dev.nlulab.ml..", "dev.nlulab.prompting..", "dev.nlulab.encoder..", "dev.nlulab.tasks..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.nlulab.web..", "dev.nlulab.store..", "dev.nlulab.accounts..",
                        "dev.nlulab.identity..", "dev.nlulab.jobs..", "dev.nlulab.grader..", "dev.nlulab.labs..", "dev.nlulab.course..").check(APP);
    }

    /** Who is asking, how scores are computed, how content is read, what is configured: imported by many, importing none of ours. */
    @ParameterizedTest
    @ValueSource(strings = {"identity", "metrics", "content", "config"})
    void leavesImportNothingOfOurs(String leaf) {
        String pkg = "dev.nlulab." + leaf + "..";
        classes().that().resideInAPackage(pkg).should().onlyDependOnClassesThat(onlyOurs(pkg)).check(APP);
    }

    @Test
    void webKnowsNoFeature() {
        classes().that().resideInAPackage("dev.nlulab.web..")
                .should().onlyDependOnClassesThat(onlyOurs("dev.nlulab.web..", "dev.nlulab.identity..", "dev.nlulab.config..", "dev.nlulab.store..")).check(APP);
    }

    @Test
    void onlyCliDependsOnCli() {
        noClasses().that().resideOutsideOfPackage("dev.nlulab.cli..")
                .should().dependOnClassesThat().resideInAPackage("dev.nlulab.cli..").check(APP);
    }

    /** A reader (or an import) should never have to ask which {@code Completion} is meant. */
    @Test
    void noTwoTypesShareASimpleName() {
        Map<String, List<String>> byName = APP.stream()
                .filter(c -> c.isTopLevelClass())
                .collect(Collectors.groupingBy(JavaClass::getSimpleName, TreeMap::new,
                        Collectors.mapping(JavaClass::getName, Collectors.toList())));
        byName.values().removeIf(names -> names.size() < 2);
        assertThat(byName).as("types sharing a simple name across packages").isEmpty();
    }
}
