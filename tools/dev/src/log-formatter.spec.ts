import path from 'node:path';
import { createLineFormatter, servicePrefix } from './log-formatter';

const root = path.resolve(__dirname, '..', '..', '..');
const stripAnsi = (text: string): string => text.replace(new RegExp(`${String.fromCharCode(27)}\\[[0-9;]*m`, 'g'), '');

describe('log formatting', () => {
  it('pads prefixes to one width and colours them only when asked', () => {
    expect(servicePrefix('gateway', 0, 14, false)).toBe('[gateway]        ');
    const coloured = servicePrefix('gateway', 1, 14, true);
    expect(coloured).toContain('\u001b[33m');
    expect(stripAnsi(coloured)).toBe('[gateway]        ');
  });

  it('pretty-prints pino JSON lines with pino-pretty and passes other lines through', () => {
    const format = createLineFormatter(root, true);
    const pretty = stripAnsi(format(JSON.stringify({ level: 30, time: 0, pid: 1, hostname: 'h', msg: 'listening', port: 3001 })));
    expect(pretty).toMatch(/INFO.*listening/);
    expect(pretty).not.toContain('hostname');
    expect(format('Error: boom')).toBe('Error: boom');
  });

  it('leaves lines untouched when not pretty', () => {
    const line = JSON.stringify({ level: 30, msg: 'x' });
    expect(createLineFormatter(root, false)(line)).toBe(line);
  });
});
