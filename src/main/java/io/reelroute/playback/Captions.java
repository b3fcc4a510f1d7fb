package io.reelroute.playback;

import io.reelroute.common.ApiException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Caption files: WebVTT as players read it, SubRip (.srt, what most editors export) converted to
 * WebVTT. Pure: checks and conversion only, no storage.
 */
public final class Captions {

  /** Larger than any real caption file of a long film (a 3 h film is about 200 KiB). */
  public static final int MAX_BYTES = 512 * 1024;

  /** BCP 47 as players use it: a language, optionally a script or region ("en", "pt-BR"). */
  private static final Pattern LANGUAGE = Pattern.compile("[a-zA-Z]{2,3}(-[a-zA-Z0-9]{2,8}){0,2}");

  private static final String TIME = "(\\d{2,}:)?[0-5]\\d:[0-5]\\d[.,]\\d{3}";
  private static final Pattern CUE_TIMING =
      Pattern.compile("^" + TIME + "[ \\t]+-->[ \\t]+" + TIME + "(?:[ \\t].*)?$");
  private static final Pattern SRT_TIME_COMMA = Pattern.compile("(\\d{2}:\\d{2}:\\d{2}),(\\d{3})");

  private Captions() {}

  /** The language tag in its canonical case ("pt-br" → "pt-BR"), or 400 naming the field. */
  public static String language(String value) {
    if (value == null || !LANGUAGE.matcher(value).matches()) {
      throw ApiException.invalidField(
          "lang", "lang must be a language tag such as en, fr or pt-BR");
    }
    return Locale.forLanguageTag(value).toLanguageTag();
  }

  /** The label players show: the one given (1–64 characters), else the language's English name. */
  public static String label(String given, String language) {
    if (given == null || given.isBlank()) {
      String name = Locale.forLanguageTag(language).getDisplayName(Locale.ENGLISH);
      return name.isBlank() ? language : name;
    }
    String label = given.strip();
    if (label.length() > 64 || label.chars().anyMatch(Character::isISOControl)) {
      throw ApiException.invalidField(
          "label", "label must be at most 64 characters, without control characters");
    }
    return label;
  }

  /**
   * A caption file as WebVTT: WebVTT is kept, SubRip converted. 413 when too large, 422 {@code
   * invalid-captions} when it is neither, has no cue, or is not UTF-8 text.
   */
  public static String toWebVtt(byte[] file) {
    if (file == null || file.length == 0) {
      throw invalid("The caption file is empty");
    }
    if (file.length > MAX_BYTES) {
      throw new ApiException(
          413,
          "captions-too-large",
          "A caption file may have at most " + MAX_BYTES / 1024 + " KiB",
          "body",
          null);
    }
    String text = utf8(file);
    if (text.startsWith("\uFEFF")) {
      text = text.substring(1);
    }
    text = text.replace("\r\n", "\n").replace('\r', '\n').replace("\u0000", "");
    String vtt = text.startsWith("WEBVTT") ? text : fromSubRip(text);
    String firstLine = vtt.lines().findFirst().orElse("");
    if (!firstLine.equals("WEBVTT") && !firstLine.matches("WEBVTT[ \\t].*")) {
      throw invalid("A caption file starts with the line WEBVTT (or is a SubRip .srt file)");
    }
    if (vtt.lines().noneMatch(line -> CUE_TIMING.matcher(line.strip()).matches())) {
      throw invalid("The caption file has no cue (a line such as 00:00:01.000 --> 00:00:04.000)");
    }
    return vtt.endsWith("\n") ? vtt : vtt + "\n";
  }

  /** SubRip to WebVTT: a header, and a dot instead of a comma before the milliseconds. */
  static String fromSubRip(String srt) {
    StringBuilder out = new StringBuilder("WEBVTT\n\n");
    for (String line : srt.split("\n", -1)) {
      if (line.contains("-->")) {
        line = SRT_TIME_COMMA.matcher(line).replaceAll("$1.$2");
      }
      out.append(line).append('\n');
    }
    return out.toString().stripTrailing() + "\n";
  }

  private static String utf8(byte[] bytes) {
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(java.nio.ByteBuffer.wrap(bytes))
          .toString();
    } catch (CharacterCodingException e) {
      throw invalid("A caption file is UTF-8 text");
    }
  }

  private static ApiException invalid(String detail) {
    return new ApiException(422, "invalid-captions", detail, "body", null);
  }
}
