/** 'a senior OT', 'an occupational therapist': the article English puts before a noun, from its first letter. */
export function withArticle(noun: string): string {
  const word = noun.trim()
  // Initialisms read letter by letter take "an" when the letter's name starts with a vowel sound: an OT, an RCOT.
  if (/^(?:[AEFHILMNORSX][A-Z]{1,4})\b/.test(word)) return `an ${word}`
  return `${/^[aeiou]/i.test(word) ? 'an' : 'a'} ${word}`
}

/** 1 → '1 hour', 2.5 → '2.5 hours'. */
export function countHours(hours: number): string {
  return `${hours} ${hours === 1 ? 'hour' : 'hours'}`
}

/** A title as it reads inside a sentence: 'Occupational therapist' → 'occupational therapist'; 'OT degree apprentice' stays. */
export function inSentence(title: string): string {
  return /^[A-Z][a-z]/.test(title) ? title[0].toLowerCase() + title.slice(1) : title
}
