package io.rnn4j.spark;

import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

import javax.xml.parsers.DocumentBuilderFactory;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Spark is this module's `provided` dependency and nobody else's: the core's pom names neither Spark nor Scala. */
class SparkStaysOutOfTheCoreTest {

    @Test
    void theCoreNamesNoSparkAndThisModuleOnlyBorrowsIt() throws Exception {
        String core = Files.readString(Path.of("..", "rnn4j-core", "pom.xml"));
        assertFalse(core.contains("org.apache.spark"), "rnn4j-core must not depend on Spark");
        assertFalse(core.contains("org.scala-lang"), "rnn4j-core must not depend on Scala");
        NodeList deps = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(Path.of("pom.xml").toFile())
                .getElementsByTagName("dependency");
        int spark = 0;
        for (int i = 0; i < deps.getLength(); i++) {
            Element d = (Element) deps.item(i);
            if (d.getElementsByTagName("groupId").item(0).getTextContent().equals("org.apache.spark")) {
                spark++;
                assertEquals("provided", d.getElementsByTagName("scope").item(0).getTextContent(),
                        d.getElementsByTagName("artifactId").item(0).getTextContent() + " must be provided by the cluster");
            }
        }
        assertTrue(spark > 0, "this module declares its Spark dependency");
    }
}
