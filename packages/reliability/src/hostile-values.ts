/**
 * Values an attacker (or a careless copy-paste) could put in a table name, region, profile, endpoint
 * or timeout. Each payload is tried alone and glued to both ends of a valid value, because a
 * validator that only anchors one end lets the rest through.
 */

/** `canary` is a path: a payload that ran as code would create it. */
export function hostileValues(canary: string): string[] {
  const payloads = [
    `$(touch ${canary})`,
    `\`touch ${canary}\``,
    `; touch ${canary}`,
    `&& touch ${canary}`,
    `|| touch ${canary}`,
    `| touch ${canary}`,
    `& touch ${canary} &`,
    `'; touch ${canary}; '`,
    `"; touch ${canary}; "`,
    `\ntouch ${canary}`,
    `\r\ntouch ${canary}`,
    `x\n`,
    `$'\\x41'`,
    `\${IFS}touch\${IFS}${canary}`,
    `$(IFS=_;c=touch_${canary};$c)`,
    `> ${canary}`,
    `< /etc/passwd`,
    `$HOME`,
    `~root`,
    `*`,
    `?`,
    `[a-z]*`,
    `!!`,
    `\\`,
    `"`,
    `'`,
    `\t`,
    ` `,
    `--endpoint-url=http://evil.example`,
    `--debug`,
    `--`,
    `-h`,
    `--query=Table`,
    `$env:PATH`,
    `$(Remove-Item -Recurse ${canary})`,
    `; Start-Process calc`,
    `@(touch ${canary})`,
    `\`$(whoami)`,
    `%PATH%`,
    `^& calc`,
    `file:///etc/passwd`,
    `http://user:secret@evil.example`,
    `http://127.0.0.1:1/$(touch ${canary})`,
    `http://127.0.0.1:1 --profile evil`,
    `../../etc/passwd`,
    `sh\u043epify_sessions`, // Cyrillic о
    `\u0455hopify`, // Cyrillic ѕ
    `shopify\u200bsessions`, // zero-width space
    `\uff53\uff48\uff4f\uff50`, // fullwidth letters
    `sessions\u00a0x`, // no-break space
    `sessions\u202e`, // right-to-left override
    `\u001b[31mred`,
    'a'.repeat(300),
    'b'.repeat(70_000),
  ];
  const values = new Set<string>();
  for (const payload of payloads) {
    values.add(payload);
    values.add(`shopify_sessions${payload}`);
    values.add(`${payload}shopify_sessions`);
  }
  return [...values];
}
