package dev.nlulab.ml.tokenizer;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes a trained BPE as a Hugging Face {@code tokenizer.json}: model "BPE", the digit-isolating split
 * and ByteLevel as pre-tokenizer, ByteLevel as decoder (so decode(encode(text)) == text), the special
 * tokens as added tokens, and a post-processor that starts every sequence with {@code <s>} as Llama's
 * tokenizers do (encode with {@code addSpecialTokens=false} to get the bare ids).
 */
public final class TokenizerJson {
    private static final ObjectMapper JSON = new ObjectMapper();

    private TokenizerJson() {
    }

    public static ObjectNode toJson(BpeTrainer.Bpe bpe) {
        ObjectNode root = JSON.createObjectNode();
        root.put("version", "1.0");
        root.putNull("truncation");
        root.putNull("padding");
        ArrayNode added = root.putArray("added_tokens");
        for (String special : BpeTrainer.SPECIAL_TOKENS) {
            added.addObject().put("id", bpe.vocab().get(special)).put("content", special).put("single_word", false)
                    .put("lstrip", false).put("rstrip", false).put("normalized", false).put("special", true);
        }
        root.putNull("normalizer");

        ObjectNode pre = root.putObject("pre_tokenizer").put("type", "Sequence");
        ArrayNode steps = pre.putArray("pretokenizers");
        ObjectNode split = steps.addObject().put("type", "Split");
        split.putObject("pattern").put("Regex", ByteLevel.SPLIT_REGEX);
        split.put("behavior", "Isolated").put("invert", false);
        steps.addObject().put("type", "ByteLevel").put("add_prefix_space", false).put("trim_offsets", true)
                .put("use_regex", false);

        ObjectNode post = root.putObject("post_processor").put("type", "TemplateProcessing");
        post.putArray("single").add(special("<s>", 0)).add(sequence("A", 0));
        post.putArray("pair").add(special("<s>", 0)).add(sequence("A", 0)).add(special("<s>", 1)).add(sequence("B", 1));
        ObjectNode bos = post.putObject("special_tokens").putObject("<s>").put("id", "<s>");
        bos.putArray("ids").add(bpe.vocab().get("<s>"));
        bos.putArray("tokens").add("<s>");

        root.putObject("decoder").put("type", "ByteLevel").put("add_prefix_space", false).put("trim_offsets", true)
                .put("use_regex", false);

        ObjectNode model = root.putObject("model").put("type", "BPE");
        model.putNull("dropout");
        model.put("unk_token", "<unk>");
        model.putNull("continuing_subword_prefix");
        model.putNull("end_of_word_suffix");
        model.put("fuse_unk", false).put("byte_fallback", false).put("ignore_merges", false);
        ObjectNode vocab = model.putObject("vocab");
        bpe.vocab().forEach(vocab::put);
        ArrayNode merges = model.putArray("merges");
        for (String[] merge : bpe.merges()) merges.add(merge[0] + " " + merge[1]);
        return root;
    }

    public static void write(BpeTrainer.Bpe bpe, Path file) {
        try {
            if (file.getParent() != null) Files.createDirectories(file.getParent());
            JSON.writerWithDefaultPrettyPrinter().writeValue(file.toFile(), toJson(bpe));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    private static ObjectNode special(String id, int typeId) {
        ObjectNode node = JSON.createObjectNode();
        node.putObject("SpecialToken").put("id", id).put("type_id", typeId);
        return node;
    }

    private static ObjectNode sequence(String id, int typeId) {
        ObjectNode node = JSON.createObjectNode();
        node.putObject("Sequence").put("id", id).put("type_id", typeId);
        return node;
    }
}
