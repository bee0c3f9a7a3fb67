export const languages = ['pt', 'es', 'en'] as const;
export type Language = (typeof languages)[number];

// Frequent words, accents removed, that only one of the three languages uses in complaints
// (`que`, `para`, `pedido`, `no`, `me`, `a`, `do`, `as` are shared and left out).
const markers: Record<Language, Set<string>> = {
  pt: new Set(
    (
      'nao e o os da das na nas um uma em eu meu minha foi ainda muito produto recebi chegou ' +
      'entregue entregou voce vc vcs ja isso tambem sao ate agora pra pelo pela ao veio estou ' +
      'comprei com quero nenhum obrigado obrigada bom boa otimo otima ele ela tem bem sem mais ' +
      'loja tudo td gostei recomendo indico prazo certo demorou ta pode'
    ).split(' '),
  ),
  es: new Set(
    (
      'el la los las del al y en un pero todavia aun llego llegado llegaron mi muy es lo ya ' +
      'hace recibi producto cuando hay fue han su sin sigo con quiero ningun gracias bueno ' +
      'buena bien vino tiene compre estoy tienda recomiendo plazo calidad mala malo yo le les ' +
      'usted ustedes'
    ).split(' '),
  ),
  en: new Set(
    (
      'the and is my i not it was to of have has in for this that but with on order still ' +
      'arrived received you please want got be are after there they what when product box ' +
      'bought ordered package an at from we your its just did does very good great fast ' +
      'delivery shipping arrive quality thanks thank can will would should never only all ' +
      'one two which been were had by or too up out get if he she our them their'
    ).split(' '),
  ),
};

// Spellings typical of one language: Portuguese lh/nh/-ão/-dade, Spanish ll-/-ción/-dad,
// English th/w/-ing/-tion.
const spellings: Record<Language, RegExp> = {
  pt: /lh|nh|ao$|oes$|dade$/,
  es: /^ll|cion$|dad$/,
  en: /th|w|ing$|tion$/,
};

/**
 * Picks the language with the most marker words (a typical spelling counts half); ties and
 * texts without any marker fall back to `fallback`.
 */
export function detectLanguage(raw: string, words: string[], fallback: Language = 'pt'): Language {
  const score: Record<Language, number> = { pt: 0, es: 0, en: 0 };
  for (const w of words) {
    for (const l of languages) {
      if (markers[l].has(w)) score[l] += 1;
      else if (spellings[l].test(w)) score[l] += 0.5;
    }
  }
  score.pt += (raw.match(/[ãõç]/giu) ?? []).length;
  score.es += (raw.match(/[ñ¿¡]/giu) ?? []).length;
  const best = Math.max(score.pt, score.es, score.en);
  if (best === 0) return fallback;
  const winners = languages.filter((l) => score[l] === best);
  return winners.length === 1 ? winners[0]! : winners.includes(fallback) ? fallback : winners[0]!;
}
