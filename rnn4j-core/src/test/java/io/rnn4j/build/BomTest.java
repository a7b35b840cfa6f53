package io.rnn4j.build;

import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

import javax.xml.parsers.DocumentBuilderFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The bill of materials has no parent (so that importing it brings no third-party versions), so
 * nothing in Maven keeps it in step with the build: this test does. It must carry the parent's
 * version and manage exactly the modules that are published, each at that version.
 */
class BomTest {

    /** Modules built but not published to Maven Central. */
    private static final Set<String> UNPUBLISHED = Set.of("rnn4j-bom", "rnn4j-bench", "rnn4j-examples");

    private static final Path ROOT = Path.of("..");

    @Test
    void bomManagesEveryPublishedModuleAtTheParentsVersion() throws Exception {
        Element parent = read(ROOT.resolve("pom.xml"));
        Element bom = read(ROOT.resolve("rnn4j-bom/pom.xml"));
        String version = child(parent, "version").getTextContent().trim();

        assertEquals(version, child(bom, "version").getTextContent().trim(), "rnn4j-bom's version");
        assertTrue(childOrNull(bom, "parent") == null, "rnn4j-bom must have no parent");

        Set<String> published = new TreeSet<>();
        for (Element module : children(child(parent, "modules"), "module")) {
            String name = module.getTextContent().trim();
            assertTrue(Files.exists(ROOT.resolve(name).resolve("pom.xml")), name + "/pom.xml");
            if (!UNPUBLISHED.contains(name)) {
                published.add(name);
            }
        }
        Set<String> managed = new TreeSet<>();
        Element dependencies = child(child(bom, "dependencyManagement"), "dependencies");
        for (Element dependency : children(dependencies, "dependency")) {
            String artifact = child(dependency, "artifactId").getTextContent().trim();
            assertEquals("io.rnn4j", child(dependency, "groupId").getTextContent().trim(), artifact);
            assertEquals(version, child(dependency, "version").getTextContent().trim(), artifact + "'s version in the BOM");
            managed.add(artifact);
        }
        assertEquals(published, managed, "modules the BOM manages");
    }

    private static Element read(Path pom) throws Exception {
        Document document = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(pom.toFile());
        return document.getDocumentElement();
    }

    private static Element child(Element parent, String name) {
        Element found = childOrNull(parent, name);
        assertTrue(found != null, "<" + name + "> under <" + parent.getTagName() + ">");
        return found;
    }

    private static Element childOrNull(Element parent, String name) {
        List<Element> found = children(parent, name);
        return found.isEmpty() ? null : found.get(0);
    }

    private static List<Element> children(Element parent, String name) {
        List<Element> out = new ArrayList<>();
        NodeList nodes = parent.getChildNodes();
        for (int i = 0; i < nodes.getLength(); i++) {
            Node node = nodes.item(i);
            if (node instanceof Element e && e.getTagName().equals(name)) {
                out.add(e);
            }
        }
        return out;
    }
}
