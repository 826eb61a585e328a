// Charts are SVG text written by the server: every label escaped (organisation names and
// newcomers' words end up in them), bars mirrored for right-to-left languages, and a heat map
// writes each count in its cell.
import { barChart, heatMap } from '../../server/features/insight/insight-charts';

const options = (rtl: boolean) => ({ id: 'c1', title: 'Title & <more>', rtl, format: String });

describe('insight charts', () => {
  it('escapes every text', () => {
    const svg = barChart([{ label: '<script>alert("x")</script>', value: 3 }], options(false));
    expect(svg).not.toContain('<script>');
    expect(svg).toContain('&lt;script&gt;alert(&quot;x&quot;');
    expect(svg).toContain('<title id="c1">Title &amp; &lt;more&gt;</title>');
    expect(svg).toContain('role="img" aria-labelledby="c1"');
  });

  it('draws bars from the right in right-to-left languages', () => {
    const rows = [
      { label: 'a', value: 10 },
      { label: 'b', value: 5 },
    ];
    const ltr = barChart(rows, options(false));
    const rtl = barChart(rows, options(true));
    expect(ltr).toMatch(/<text x="0" y="21" [^>]*text-anchor="start">a<\/text>/);
    expect(rtl).toMatch(/<text x="360" y="21" [^>]*text-anchor="end">a<\/text>/);
    // The longest bar starts at the label column's edge: left of it in LTR, right in RTL.
    expect(ltr).toContain('<rect x="130" y="6" width="166"');
    expect(rtl).toContain('<rect x="64" y="6" width="166"');
  });

  it('writes each count of a heat map in its cell', () => {
    const svg = heatMap(
      [
        { label: 'dentist', values: [0, 2] },
        { label: 'eviction', values: [1, 0] },
      ],
      ['Centre', 'Ouchy'],
      options(false),
    );
    expect(svg.match(/<rect /g)).toHaveLength(4);
    expect([...svg.matchAll(/text-anchor="middle">(\d+)</g)].map((m) => m[1])).toEqual([
      '0',
      '2',
      '1',
      '0',
    ]);
  });
});
