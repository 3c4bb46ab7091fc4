package dev.nlulab.course;

import com.vladsch.flexmark.util.ast.Block;
import com.vladsch.flexmark.util.ast.Node;
import com.vladsch.flexmark.util.sequence.BasedSequence;

import java.util.List;

/** The Markdown tree nodes our syntax adds: math, figures, quizzes and demos. */
final class LessonNodes {
    private LessonNodes() {}

    /** {@code $...$} or, inside running text, {@code $$...$$}; {@code tex} is kept verbatim. */
    static final class MathInline extends Node {
        final String tex;
        final boolean display;

        MathInline(BasedSequence chars, String tex, boolean display) {
            super(chars);
            this.tex = tex;
            this.display = display;
        }

        @Override
        public BasedSequence[] getSegments() { return EMPTY_SEGMENTS; }
    }

    /** A paragraph that is only {@code $$...$$}. */
    static final class MathBlock extends Block {
        final String tex;

        MathBlock(BasedSequence chars, String tex) {
            super(chars);
            this.tex = tex;
        }

        @Override
        public BasedSequence[] getSegments() { return EMPTY_SEGMENTS; }
    }

    /** A paragraph that is only an image with a title; its one child is the image. */
    static final class Figure extends Block {
        final String caption;

        Figure(BasedSequence chars, String caption) {
            super(chars);
            this.caption = caption;
        }

        @Override
        public BasedSequence[] getSegments() { return EMPTY_SEGMENTS; }
    }

    /** A ```quiz block after its YAML was read. */
    static final class Quiz extends Block {
        final String lessonId;
        final List<QuizQuestion> questions;

        Quiz(BasedSequence chars, String lessonId, List<QuizQuestion> questions) {
            super(chars);
            this.lessonId = lessonId;
            this.questions = questions;
        }

        @Override
        public BasedSequence[] getSegments() { return EMPTY_SEGMENTS; }
    }

    /** A ```demo block after its YAML was read; {@code paramsJson} is what the page's script receives. */
    static final class Demo extends Block {
        final String name;
        final String paramsJson;

        Demo(BasedSequence chars, String name, String paramsJson) {
            super(chars);
            this.name = name;
            this.paramsJson = paramsJson;
        }

        @Override
        public BasedSequence[] getSegments() { return EMPTY_SEGMENTS; }
    }
}
