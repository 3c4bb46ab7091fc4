package dev.nlulab.retrieval;

import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.en.EnglishAnalyzer;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.StringField;
import org.apache.lucene.document.TextField;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.similarities.BM25Similarity;
import org.apache.lucene.store.ByteBuffersDirectory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * BM25 over an in-memory Lucene index: one document per key (a candidate word, a passage), holding the
 * text that describes it; a query is matched against them with BM25 (by default k1 1.2, b 0.75) over
 * English-stemmed terms without stop words, and {@link #rank} gives the best keys.
 */
public final class Bm25Index implements AutoCloseable {
    private static final String KEY = "key";
    private static final String TEXT = "text";

    private final Analyzer analyzer = new EnglishAnalyzer();
    private final ByteBuffersDirectory directory = new ByteBuffersDirectory();
    private final DirectoryReader reader;
    private final IndexSearcher searcher;

    /** @param textByKey each key and the text that describes it */
    public Bm25Index(Map<String, String> textByKey) throws IOException {
        this(textByKey, 1.2f, 0.75f);
    }

    /** @param k1 term-frequency saturation; @param b how much document length normalizes (0: none, 1: full) */
    public Bm25Index(Map<String, String> textByKey, float k1, float b) throws IOException {
        BM25Similarity similarity = new BM25Similarity(k1, b);
        try (IndexWriter w = new IndexWriter(directory, new IndexWriterConfig(analyzer).setSimilarity(similarity))) {
            for (Map.Entry<String, String> e : textByKey.entrySet()) {
                Document d = new Document();
                d.add(new StringField(KEY, e.getKey(), Field.Store.YES));
                d.add(new TextField(TEXT, e.getKey() + " " + e.getValue(), Field.Store.NO));
                w.addDocument(d);
            }
        }
        reader = DirectoryReader.open(directory);
        searcher = new IndexSearcher(reader);
        searcher.setSimilarity(similarity);
    }

    /** The k best keys for a query, best first (fewer if fewer match at all). */
    public List<String> rank(String query, int k) {
        BooleanQuery.Builder q = new BooleanQuery.Builder();
        for (String term : terms(query)) q.add(new TermQuery(new Term(TEXT, term)), BooleanClause.Occur.SHOULD);
        try {
            List<String> out = new ArrayList<>(k);
            for (ScoreDoc hit : searcher.search(q.build(), k).scoreDocs) out.add(searcher.storedFields().document(hit.doc).get(KEY));
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Set<String> terms(String text) {
        Set<String> terms = new LinkedHashSet<>();
        try (TokenStream ts = analyzer.tokenStream(TEXT, text)) {
            CharTermAttribute term = ts.addAttribute(CharTermAttribute.class);
            ts.reset();
            while (ts.incrementToken() && terms.size() < BooleanQuery.getMaxClauseCount()) terms.add(term.toString());
            ts.end();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return terms;
    }

    @Override
    public void close() throws IOException {
        reader.close();
        directory.close();
        analyzer.close();
    }
}
