package dev.nlulab.demos;

import dev.nlulab.identity.Viewer;

import java.nio.file.Path;
import java.util.List;

/**
 * Models besides the course model that a viewer may try on the Model page (a lab's fine-tuned models:
 * the wiring hands the page a lab's implementation, so this package knows no lab). The server checks the
 * choice: {@link #choose} refuses what the viewer may not pick.
 */
public interface ModelChoices {
    /** A model to try: its id in the form, what the picker says, and the folder it loads from. */
    record Choice(String id, String label, Path dir) {}

    /** Why a choice was refused: 404 for what the viewer may not see (as for nothing), 400 or 422 for a bad one. */
    final class Refused extends RuntimeException {
        private final int status;

        public Refused(int status, String message) {
            super(message);
            this.status = status;
        }

        public int status() {
            return status;
        }
    }

    /** What the viewer may pick now, newest first. */
    List<Choice> choices(Viewer viewer);

    /** The choice with this id, if the viewer may pick it now; else {@link Refused} saying why. */
    Choice choose(Viewer viewer, String id);

    /** No models to try: the page offers only the course model. */
    ModelChoices NONE = new ModelChoices() {
        @Override
        public List<Choice> choices(Viewer viewer) {
            return List.of();
        }

        @Override
        public Choice choose(Viewer viewer, String id) {
            throw new Refused(404, "There is no model '" + id + "' to try.");
        }
    };
}
