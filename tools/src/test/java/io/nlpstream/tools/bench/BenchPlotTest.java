package io.nlpstream.tools.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BenchPlotTest {

    @Test
    void writesAPngThatImageReadersOpen(@TempDir Path dir) throws Exception {
        System.setProperty("java.awt.headless", "true");
        Path file = dir.resolve("plots/bench.png");
        BenchPlot.write(SampleResults.sample(), file);

        byte[] bytes = Files.readAllBytes(file);
        assertThat(bytes).startsWith(0x89, 'P', 'N', 'G');
        BufferedImage image = ImageIO.read(file.toFile());
        assertThat(image.getWidth()).isEqualTo(BenchPlot.WIDTH);
        assertThat(image.getHeight()).isEqualTo(BenchPlot.HEIGHT);
        assertThat(distinctColours(image)).as("something was drawn").isGreaterThan(10);
    }

    @Test
    void axisEndsAreRound() {
        assertThat(BenchPlot.niceCeiling(230)).isEqualTo(250);
        assertThat(BenchPlot.niceCeiling(1000)).isEqualTo(1000);
        assertThat(BenchPlot.niceCeiling(1001)).isEqualTo(1500);
        assertThat(BenchPlot.niceCeiling(7)).isEqualTo(8);
    }

    private static long distinctColours(BufferedImage image) {
        return java.util.stream.IntStream.range(0, image.getWidth() * image.getHeight())
                .map(i -> image.getRGB(i % image.getWidth(), i / image.getWidth())).distinct().count();
    }
}
