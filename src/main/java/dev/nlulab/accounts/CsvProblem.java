package dev.nlulab.accounts;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A CSV syntax error from Commons CSV, said in the words of someone who edits the file, with its line. */
final class CsvProblem {
    // "(startline 3) EOF reached ...", "... at line: 3, position: 58"
    private static final Pattern LINE = Pattern.compile("(?:startline |line: ?)(\\d+)");

    private CsvProblem() {}

    static String describe(Exception e) {
        Throwable t = e.getCause() != null ? e.getCause() : e;
        String message = String.valueOf(t.getMessage());
        Matcher m = LINE.matcher(message);
        String where = m.find() ? "Line " + m.group(1) + ": " : "";
        String what;
        if (message.contains("EOF reached before encapsulated token finished")) {
            what = "a quoted field opens with \" but its closing quote is missing, so the rest of the file would be read as one field."
                    + " Close the quote, or remove it.";
        } else if (message.contains("Invalid character between encapsulated token and delimiter")) {
            what = "a quoted field has text after its closing quote. Put the whole field in quotes, and write a quote inside it as two (\"\").";
        } else {
            what = "this line is not valid CSV. Save the file from a spreadsheet as \"CSV UTF-8\" and upload it again.";
        }
        return where + what;
    }
}
