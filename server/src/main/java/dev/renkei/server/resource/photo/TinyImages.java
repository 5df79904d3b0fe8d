package dev.renkei.server.resource.photo;

import javax.imageio.ImageIO;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.SplittableRandom;

/**
 * Small but real JPEG and PNG pictures (a building front under a sky) for generated photos and
 * report images: clients that decode the download must get a valid image, not placeholder bytes.
 * Drawn with shapes only, so no font needs to be installed on a headless server.
 */
public final class TinyImages {

    /** An encoded picture with what the image table records about it. */
    public record Encoded(String contentType, int width, int height, byte[] bytes) {
    }

    private TinyImages() {
    }

    public static Encoded jpeg(SplittableRandom random) {
        return encode(draw(random), "jpeg", "image/jpeg");
    }

    public static Encoded png(SplittableRandom random) {
        return encode(draw(random), "png", "image/png");
    }

    public static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static BufferedImage draw(SplittableRandom random) {
        boolean landscape = random.nextInt(4) != 0;
        int width = landscape ? 160 : 120;
        int height = landscape ? 120 : 160;
        // RGB without alpha: the JPEG writer refuses images with an alpha channel.
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setColor(new Color(120 + random.nextInt(60), 170 + random.nextInt(60), 220 + random.nextInt(36)));
            g.fillRect(0, 0, width, height);
            g.setColor(new Color(90 + random.nextInt(40), 90 + random.nextInt(40), 90 + random.nextInt(40)));
            g.fillRect(0, height * 4 / 5, width, height / 5);
            int buildingWidth = width / 2 + random.nextInt(width / 3);
            int buildingHeight = height / 2 + random.nextInt(height / 4);
            int left = random.nextInt(width - buildingWidth + 1);
            int top = height * 4 / 5 - buildingHeight;
            g.setColor(new Color(150 + random.nextInt(100), 140 + random.nextInt(100), 130 + random.nextInt(100)));
            g.fillRect(left, top, buildingWidth, buildingHeight);
            g.setColor(new Color(40, 60, 90));
            for (int y = top + 6; y < top + buildingHeight - 16; y += 14) {
                for (int x = left + 6; x < left + buildingWidth - 10; x += 14) {
                    g.fillRect(x, y, 8, 8);
                }
            }
            g.setColor(new Color(200 + random.nextInt(56), 40 + random.nextInt(80), 40));
            g.fillRect(left + buildingWidth / 4, top - 10, buildingWidth / 2, 10);
        } finally {
            g.dispose();
        }
        return image;
    }

    private static Encoded encode(BufferedImage image, String format, String contentType) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(4096);
        try {
            if (!ImageIO.write(image, format, out)) {
                throw new IllegalStateException("No ImageIO writer for " + format);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new Encoded(contentType, image.getWidth(), image.getHeight(), out.toByteArray());
    }
}
