// Storyboard previews: a WebVTT file whose cues name a region of a sprite sheet
// ("sprite.jpg#xywh=160,0,160,90"), shown above the seek bar while the pointer hovers it.

export interface StoryboardCue {
  start: number;
  end: number;
  url: string;
  x: number;
  y: number;
  w: number;
  h: number;
}

function seconds(stamp: string): number {
  const parts = stamp.trim().split(':').map(Number);
  return parts.reduce((acc, p) => acc * 60 + p, 0);
}

export function parseStoryboardVtt(text: string, baseUrl?: string): StoryboardCue[] {
  const cues: StoryboardCue[] = [];
  const lines = text.replace(/\r/g, '').split('\n');
  for (let i = 0; i < lines.length; i++) {
    const m = lines[i].match(/^\s*([\d:.]+)\s+-->\s+([\d:.]+)/);
    if (!m) continue;
    const target = (lines[i + 1] ?? '').trim();
    const hash = target.lastIndexOf('#xywh=');
    if (hash < 0) continue;
    const [x, y, w, h] = target
      .slice(hash + 6)
      .split(',')
      .map(Number);
    let url = target.slice(0, hash);
    if (baseUrl) {
      try {
        url = new URL(url, baseUrl).toString();
      } catch {
        // keep as given
      }
    }
    if ([x, y, w, h].some((v) => !Number.isFinite(v))) continue;
    cues.push({ start: seconds(m[1]), end: seconds(m[2]), url, x, y, w, h });
  }
  return cues;
}

export function cueAt(cues: StoryboardCue[], time: number): StoryboardCue | null {
  let lo = 0;
  let hi = cues.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (time < cues[mid].start) hi = mid - 1;
    else if (time >= cues[mid].end) lo = mid + 1;
    else return cues[mid];
  }
  return cues.length && time >= cues[cues.length - 1].end ? cues[cues.length - 1] : null;
}
