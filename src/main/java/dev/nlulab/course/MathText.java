package dev.nlulab.course;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * TeX as a reader sees it drawn, in plain Unicode: for the search index and its snippets, where the
 * page's KaTeX does not run. {@code \prod_{i} P(w_i \mid w_{<i})} reads {@code ∏ᵢ P(wᵢ | w_<i)}:
 * commands become their symbols, font and text commands keep their words, {@code \frac{a}{b}} is
 * {@code a/b}, single-character and numeric scripts become Unicode sub- and superscripts where they
 * exist, and the source's braces, alignment marks and spacing commands go.
 */
final class MathText {
    private static final Map<String, String> SYMBOLS = new HashMap<>();
    static {
        String[] greek = {"alpha α", "beta β", "gamma γ", "delta δ", "epsilon ε", "varepsilon ε", "zeta ζ", "eta η",
                "theta θ", "vartheta ϑ", "iota ι", "kappa κ", "lambda λ", "mu μ", "nu ν", "xi ξ", "pi π", "rho ρ",
                "sigma σ", "tau τ", "upsilon υ", "phi φ", "varphi φ", "chi χ", "psi ψ", "omega ω", "Gamma Γ", "Delta Δ",
                "Theta Θ", "Lambda Λ", "Xi Ξ", "Pi Π", "Sigma Σ", "Upsilon Υ", "Phi Φ", "Psi Ψ", "Omega Ω"};
        String[] signs = {"times ×", "cdot ·", "cdotp ·", "circ ∘", "sum ∑", "prod ∏", "int ∫", "partial ∂", "infty ∞",
                "approx ≈", "le ≤", "leq ≤", "ge ≥", "geq ≥", "neq ≠", "ne ≠", "ll ≪", "gg ≫", "in ∈", "notin ∉",
                "subset ⊂", "subseteq ⊆", "cap ∩", "cup ∪", "to →", "rightarrow →", "leftarrow ←", "Rightarrow ⇒",
                "mapsto ↦", "mid |", "pm ±", "mp ∓", "div ÷", "top ⊤", "bot ⊥", "odot ⊙", "oplus ⊕", "otimes ⊗",
                "dots …", "ldots …", "cdots ⋯", "vdots ⋮", "ell ℓ", "nabla ∇", "langle ⟨", "rangle ⟩", "lVert ‖",
                "rVert ‖", "Vert ‖", "lvert |", "rvert |", "vert |", "sim ∼", "propto ∝", "forall ∀", "exists ∃",
                "neg ¬", "wedge ∧", "vee ∨", "star ⋆", "ast ∗", "equiv ≡", "prime ′", "emptyset ∅", "setminus ∖",
                "lfloor ⌊", "rfloor ⌋", "lceil ⌈", "rceil ⌉", "quad  ", "qquad  "};
        for (String[] table : new String[][]{greek, signs}) {
            for (String pair : table) {
                int space = pair.indexOf(' ');
                SYMBOLS.put(pair.substring(0, space), pair.substring(space + 1));
            }
        }
    }
    /** Commands whose argument is shown as it is: fonts, text, operator names, braces over or under it. */
    private static final Set<String> KEEP_ARGUMENT = Set.of("text", "mathrm", "textit", "textbf", "mathbf", "mathit",
            "mathcal", "mathbb", "mathsf", "mathtt", "texttt", "boldsymbol", "operatorname", "underbrace", "overbrace",
            "overline", "underline", "emph");
    /** Accents over one character, as combining marks. */
    private static final Map<String, Character> ACCENTS = Map.of("hat", '\u0302', "widehat", '\u0302', "tilde", '\u0303',
            "widetilde", '\u0303', "bar", '\u0304', "vec", '\u20D7', "dot", '\u0307');
    /** Sizing commands: the delimiter after them is what shows. */
    private static final Set<String> INVISIBLE = Set.of("left", "right", "big", "bigl", "bigr", "Big", "Bigl", "Bigr",
            "bigg", "biggl", "biggr", "displaystyle", "limits", "nolimits");
    private static final String SUB_FROM = "0123456789+-=()aehijklmnoprstuvx";
    private static final String SUB_TO = "₀₁₂₃₄₅₆₇₈₉₊₋₌₍₎ₐₑₕᵢⱼₖₗₘₙₒₚᵣₛₜᵤᵥₓ";
    private static final String SUP_FROM = "0123456789+-=()ni";
    private static final String SUP_TO = "⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻⁼⁽⁾ⁿⁱ";

    private final String tex;
    private int pos;

    private MathText(String tex) {
        this.tex = tex;
    }

    static String plain(String tex) {
        return new MathText(tex).sequence().replaceAll("\\s+", " ").strip();
    }

    /** Atoms up to the end or the closing brace of the current group. */
    private String sequence() {
        StringBuilder out = new StringBuilder();
        while (pos < tex.length() && tex.charAt(pos) != '}') {
            char c = tex.charAt(pos);
            if (c == '_' || c == '^') {
                pos++;
                out.append(script(argument(), c == '_'));
            } else if (c == '&') {
                pos++;
                out.append(' ');
            } else {
                out.append(atom());
            }
        }
        return out.toString();
    }

    /** The next atom after any spaces: what a command or a script applies to. */
    private String argument() {
        while (pos < tex.length() && tex.charAt(pos) == ' ') pos++;
        return atom();
    }

    /** One character, one {group} or one command with its arguments. */
    private String atom() {
        if (pos >= tex.length()) return "";
        char c = tex.charAt(pos++);
        if (c == '{') {
            String inside = sequence();
            if (pos < tex.length()) pos++; // the closing brace
            return inside;
        }
        if (c == '}') return "";
        return c == '\\' ? command() : String.valueOf(c);
    }

    private String command() {
        if (pos >= tex.length()) return "";
        char first = tex.charAt(pos);
        if (!Character.isLetter(first)) {
            pos++;
            return switch (first) {
                case '\\' -> "; ";
                case ',', ';', ':', ' ' -> " ";
                case '!' -> "";
                case '|' -> "‖";
                default -> String.valueOf(first); // \{ \} \% \_ \& \# \$
            };
        }
        int start = pos;
        while (pos < tex.length() && Character.isLetter(tex.charAt(pos))) pos++;
        String name = tex.substring(start, pos);
        if (SYMBOLS.containsKey(name)) return SYMBOLS.get(name);
        if (INVISIBLE.contains(name)) return "";
        if (KEEP_ARGUMENT.contains(name)) return argument();
        if (ACCENTS.containsKey(name)) {
            String arg = argument();
            return arg.length() == 1 ? arg + ACCENTS.get(name) : arg;
        }
        switch (name) {
            case "frac", "dfrac", "tfrac" -> {
                String numerator = argument();
                return grouped(numerator) + "/" + grouped(argument());
            }
            case "sqrt" -> {
                if (pos < tex.length() && tex.charAt(pos) == '[') pos = Math.max(pos, tex.indexOf(']', pos) + 1);
                return "√" + grouped(argument());
            }
            case "begin", "end" -> {
                argument(); // the environment's name
                return " ";
            }
            default -> {
                return " " + name + " "; // log, exp, max... and commands this table does not know: their name
            }
        }
    }

    private static String grouped(String s) {
        String t = s.strip();
        return t.codePoints().allMatch(cp -> Character.isLetterOrDigit(cp) || cp == '.') ? t : "(" + t + ")";
    }

    private static String script(String arg, boolean sub) {
        String from = sub ? SUB_FROM : SUP_FROM;
        String to = sub ? SUB_TO : SUP_TO;
        boolean single = arg.codePointCount(0, arg.length()) == 1;
        if ((single || arg.chars().allMatch(Character::isDigit)) && !arg.isEmpty() && arg.chars().allMatch(ch -> from.indexOf(ch) >= 0)) {
            StringBuilder b = new StringBuilder();
            arg.chars().forEach(ch -> b.append(to.charAt(from.indexOf(ch))));
            return b.toString();
        }
        return (sub ? "_" : "^") + arg.strip();
    }
}
