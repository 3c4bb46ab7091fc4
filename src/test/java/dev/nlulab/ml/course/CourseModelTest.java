package dev.nlulab.ml.course;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CourseModelTest {
    @Test
    void theCourseModelWithA4096TokenVocabularyHasTheParametersItsCardGives() {
        // embedding 4096*256 + 4 layers * (4*256*256 + 3*256*640 + 2*256) + 256, head tied: the card's 4,065,536
        assertThat(CourseModel.config(4096).parameterCount())
                .isEqualTo(4096L * 256 + 4L * (4 * 256 * 256 + 3 * 256 * 640 + 2 * 256) + 256).isEqualTo(4_065_536L);
    }
}
