/**
 * Patterns of text that is addressed to the grader rather than to the
 * question. Each list is matched against one sentence (or line) at a time,
 * case-insensitively. They aim at the grading situation itself (scores, the
 * rubric, the grader, "this answer"), so that a real answer about, say, rate
 * limits or a model's output is not caught.
 */

// Something that names a grade: "10", "ten", "full marks", "the highest score", "100%".
const topGrade =
  String.raw`(?:(?:10|ten)\s*(?:\/|out of)\s*(?:10|ten)|full\s+(?:marks?|points?|score|credit)|perfect\s+(?:score|marks?|grade|rating|10|ten)|` +
  String.raw`(?:maximum|max|highest|top|best(?:\s+possible)?)\s+(?:score|marks?|points?|grade|rating))`;
// Words that show the sentence is about grading.
const gradingWord = String.raw`(?:scor(?:e|es|ed|ing)|grad(?:e|es|ed|ing)|marks?|points?|rating|rated?|rubric|evaluat\w*|assess\w*|\/\s*10|out of 10)`;
const thisAnswer = String.raw`(?:this|my|the|the candidate'?s?)\s+(?:answer|response|reply|submission|solution|candidate)`;

export const instructionPatterns: readonly RegExp[] = [
  // English: overriding the instructions or the rubric.
  /\b(?:ignore|disregard|forget|override|bypass|skip|drop)\b[^.!?\n]{0,60}\b(?:instructions?|rubric|rules|criteria|guidelines|prompt|grading|scoring|system message|everything (?:above|before))\b/iu,
  /\b(?:new|updated|real|actual|hidden|secret|revised)\s+(?:instructions?|rules|criteria|rubric|task|system prompt)\b/iu,
  /\b(?:criteria|rubric|instructions?|grading rules?|scoring rules?)\b[^.!?\n]{0,40}\b(?:ha(?:ve|s) (?:been )?(?:changed|updated)|no longer appl(?:y|ies)|are void)\b/iu,
  // English: demanding a grade.
  new RegExp(
    String.raw`\b(?:give|award|assign|grant|rate|score|grade|mark|output|return|respond with|reply with|print|set)\b[^.!?\n]{0,60}${topGrade}`,
    'iu',
  ),
  /\b(?:give|award|assign|grant|rate|score|grade|mark)\s+(?:me|us|it|him|her|them|this(?:\s+(?:answer|response|one|candidate))?|the (?:candidate|answer|response))\s+(?:a\s+|an\s+|the\s+)?(?:score\s+of\s+|grade\s+of\s+)?(?:10|ten)\b/iu,
  /\b(?:give|award|assign|grant|output|return|respond with|reply with|set)\b[^.!?\n]{0,40}\b(?:score|grade|rating|mark)s?\s+(?:of\s+|to\s+|=\s*|:\s*)?(?:10|ten)\b/iu,
  /\b(?:this|my) (?:answer|response|reply) (?:covers|mentions|includes|contains|addresses|hits|uses)\b/iu,
  /\b(?:expected|required|target|rubric) (?:keywords|key words|terms|concepts)\b/iu,
  new RegExp(
    String.raw`${thisAnswer}\s+(?:deserves|merits|earns|warrants|should (?:get|receive|be (?:given|graded|scored|rated|marked))|must (?:get|receive|be (?:given|graded|scored|rated))|is worth|gets?)\b`,
    'iu',
  ),
  new RegExp(
    String.raw`\b(?:correct|right|proper|final|true)\s+(?:score|grade|rating|mark)\s+(?:for\s+${thisAnswer}\s+)?is\b`,
    'iu',
  ),
  /\b(?:do not|don't|never)\s+(?:penali[sz]e|deduct|lower|reduce)\b[^.!?\n]{0,40}/iu,
  /\b(?:instructed|told|configured|supposed)\s+to\s+(?:give|award|grade|score|rate|pass)\b/iu,
  /\b(?:pass|approve|hire)\s+(?:this|the)\s+candidate\b/iu,
  // Addressing the grader.
  /^\W*(?:note|message|instructions?|attention|hey|hello|hi|dear|p\.?s\.?)\b[^.!?\n]{0,12}\b(?:grader|evaluator|examiner|assessor|reviewer|marker|ai|a\.i\.|model|llm|assistant|chatgpt|gpt)\b/iu,
  /\bif you(?:'re| are)\s+(?:an?\s+)?(?:ai|a\.i\.|language model|llm|model|grader|evaluator|assistant|bot)\b/iu,
  /\bif (?:this|the|my) (?:text|answer|response|reply|submission) is (?:being )?(?:evaluated|graded|scored|marked|rated|read|reviewed|processed) by (?:an?\s+)?(?:ai|a\.i\.|software|model|language model|llm|machine|program|bot|computer|algorithm)\b/iu,
  /\b(?:grader|evaluator|examiner|assessor)s?\b[^.!?\n]{0,40}\b(?:you|please|must|should)\b/iu,
  /\byou\b[^.!?\n]{0,40}\b(?:grader|evaluator|examiner|assessor)s?\b/iu,
  // The grader called by name inside a sentence, then told what to do ("…by Grader, listen carefully.").
  /\b(?:grader|evaluator|examiner|assessor|scorer|marker)s?\s*,\s*(?:please\s+)?(?:listen|note|read|ignore|disregard|remember|consider|understand|pay attention|take note|stop|give|award|mark|rate|score)\b/iu,
  /\b(?:evaluate|grade|score|rate|mark)\s+(?:this|it|me|the following)\b[^.!?\n]{0,30}\bas\s+(?:flawless|perfect|excellent|outstanding|correct|complete)\b/iu,

  // Demands and pleas for a grade, in any person.
  /\b(?:i|we|this(?: answer| response)?|it|me|the candidate)\s+(?:should|must|deserves?|ought to|need to)\s+(?:get|receive|be given|be awarded|have)\s+(?:an?\s+)?(?:full marks|top marks?|10|ten|a\+|the (?:highest|maximum|top|best)|perfect|maximum)/iu,
  /\b(?:anything|any score|a score|a grade|a mark)\s+(?:below|under|less than|lower than)\s+(?:an?\s+)?(?:\d+|ten|nine)\b/iu,
  /\b(?:rate|score|grade|mark|judge|assess|evaluate)\s+(?:this|it|me|my (?:answer|response)|the (?:answer|response))\b[^.!?\n]{0,40}\b(?:high(?:ly)?|well|generous(?:ly)?|lenient(?:ly)?|kind(?:ly)?|favou?rabl[ey]|positive(?:ly)?|as\s+(?:an?\s+)?(?:flawless|perfect|excellent|correct|outstanding|complete)|top|max(?:imum)?|a\+|10|ten)\b/iu,
  /\b(?:grade|score|rate|mark)\s+(?:very\s+)?(?:generously|leniently|kindly|favou?rably)\b/iu,
  /\b(?:deserves?|earns?|merits?|is worth)\b[^.!?\n]{0,30}(?:top marks?|full marks|a\+|\b10\b|\bten\b|perfect|the (?:highest|maximum|top))/iu,
  /\b(?:mark|rate|record|flag|list)\s+(?:me|this candidate|the candidate|him|her|them)\s+(?:as\s+)?(?:an?\s+)?(?:strong\s+)?(?:hire|pass|excellent)\b/iu,
  /\b(?:recommend|advance|promote)\s+(?:me|this candidate|the candidate)\b/iu,
  /\b(?:treat|count|consider|mark)\s+(?:every|all|each)\s+(?:expected\s+)?(?:points?|criteria|keywords?|requirements?)\s+(?:as\s+)?(?:covered|met|satisfied|present|done)\b/iu,
  /\ball (?:the )?criteria (?:as )?(?:met|satisfied|covered)\b/iu,
  /\b(?:score|grade|rate|mark)\s+(?:every|each|all)\s+(?:answers?|responses?)\b/iu,
  /\b(?:stop|cease|quit)\s+(?:evaluating|grading|scoring|assessing)\b/iu,
  /\b(?:the\s+)?candidate\s+(?:has\s+)?(?:already\s+)?(?:passed|been approved|been hired|is approved)\b/iu,
  /\b(?:this|the)\s+candidate\s+(?:is|was|has been)\s+(?:pre[- ]?approved|pre[- ]?selected|already (?:approved|selected|hired|cleared))\b/iu,
  // "…, score accordingly": an order to grade by what came before it.
  /(?:^|[,;:(]\s*)(?:please\s+)?(?:score|grade|rate|mark)\s+(?:it\s+|this\s+|me\s+|them\s+)?accordingly\b/iu,
  // A grade for everyone ("GradeBot gives 10 to everyone").
  /\b(?:gives?|awards?|grants?|assigns?)\s+(?:an?\s+)?(?:10|ten|full marks|top marks|(?:the )?(?:highest|maximum|top|best) (?:score|grade|mark)s?|a perfect (?:score|grade|mark))\s+to\s+(?:everyone|everybody|all|every(?:\s+[a-z]+)?)\b/iu,
  // A note in parentheses marked as not for the reader: "(hidden note for reviewers: …)".
  /\(\s*(?:hidden|secret|private|invisible|internal|confidential)\s+(?:note|message|instructions?|comment|memo|directive)s?\b/iu,
  /\b(?:hidden|secret|invisible|confidential)\s+(?:note|message|instructions?|memo|directive)s?\s+(?:for|to)\b/iu,
  /\b(?:reply|respond|answer)\s+(?:only\s+)?with\s+(?:an?\s+|the\s+)?(?:perfect|maximum|top|highest|full)\b/iu,
  /\b(?:output|print|return|write|say)\s+(?:only\s+)?(?:ten|10|the number (?:ten|10))\b/iu,
  /\b(?:set|change|update|put)\s+(?:the\s+|my\s+)?(?:score|grade|rating|mark)\s+(?:to|at)\b/iu,
  /\bgive\s+(?:it\s+|me\s+|us\s+)?(?:a\s+)?(?:10|ten)\b/iu,
  /\b(?:you|u)\s+(?:will\s+|should\s+|must\s+|can\s+|now\s+)?(?:give|award|grant|assign)\s+(?:me|us|this|it)\b/iu,
  /\b(?:here is|this is)\s+your\s+(?:new|real|actual|next)\s+(?:task|instructions?|job|prompt)\b|\byour new (?:task|instructions?|job|prompt)\b/iu,
  /\b(?:grader|evaluator|reviewer|scorer|marker|examiner|assessor)s?\s+(?:must|should|shall|will|needs to|has to)\s+(?:not\s+)?(?:lower|reduce|change|penali[sz]e|deduct|give|award|grade|score|rate|mark|accept|approve)\b/iu,
  /\b(?:model|ai|assistant|llm)\s+(?:must|should|shall|will|needs to|has to)\s+(?:not\s+)?(?:lower|reduce|change|penali[sz]e|deduct|give|award|grade|score|rate|mark)\s+(?:it|this|me|my|the (?:answer|candidate|response|score|grade|mark))\b/iu,
  /\b(?:evaluator|grader|scorer|marker|assessor|grading|scoring)[\s_-]+(?:instructions?|override|update|prompt|note|directive)\b/iu,
  /\b(?:the )?(?:answer|response|submission) (?:above|below) is (?:perfect|flawless|excellent|correct|complete|outstanding)\b/iu,
  /\bshould be (?:scored|graded|rated|marked) (?:that way|accordingly|as (?:such|perfect|flawless|excellent)|highly|10|ten)\b/iu,
  /\bto whoever\b[^.!?\n]{0,40}\b(?:scor|grad|evaluat|mark|review|assess)/iu,
  // Addressing the grader by name, at the start or inside quotes ("Grader, …", "AI model reading this: …").
  /(?:^|["“':]\s*)\W*(?:dear\s+|hey\s+|hi\s+)?(?:grader|evaluator|examiner|assessor|marker|reviewer|scorer|ai|a\.i\.|model|llm|assistant|language model|ai model|ai grader|chatgpt|gpt)(?:\s+(?:reading this|here|there|please|friend))?\s*[,:]/iu,
  /^\W*(?:note\s+|message\s+)?(?:for|to)\s+(?:the\s+)?(?:ai|a\.i\.|model|llm|grader|evaluator|assistant|language model|reviewer|scorer|marker)\s*[:,]/iu,

  // Spanish.
  /\b(?:ignora|ignore|ignoren|olvida|olvide|descarta)\b[^.!?\n]{0,40}\b(?:instrucciones|r[uú]brica|reglas|criterios)\b/iu,
  /\b(?:dame|dale|denle|otorga|asigna|pon|ponle|califica|calif[ií]came|punt[uú]a)\b[^.!?\n]{0,50}\b(?:10|diez|m[aá]xima|m[aá]ximo|perfecta|nota|puntuaci[oó]n|calificaci[oó]n)\b/iu,
  /\besta respuesta (?:merece|debe (?:recibir|obtener|tener))\b/iu,
  /\b(?:puntuaci[oó]n|nota|calificaci[oó]n) (?:m[aá]xima|perfecta)\b/iu,
  // French.
  /\b(?:ignore[zr]?|oublie[zr]?|n[eé]glige[zr]?)\b[^.!?\n]{0,40}\b(?:instructions|consignes|r[eè]gles|crit[eè]res|bar[eè]me|grille)\b/iu,
  /\b(?:donne[zr]?|attribue[zr]?|mets|mettez|accorde[zr]?)\b[^.!?\n]{0,50}\b(?:10|dix|note maximale|note parfaite|la note|20\/20|10\/10)\b/iu,
  /\bcette r[ée]ponse (?:m[ée]rite|doit (?:recevoir|obtenir|avoir))\b/iu,
  /\b(?:note|message)\s+(?:au|à l'|aux)\s*(?:correcteur|[ée]valuateur|examinateur|ia|mod[eè]le)\b/iu,
  /\bnote (?:maximale|parfaite)\b/iu,
  // German.
  /\b(?:ignorier\w*|vergiss|vergessen sie|missachte\w*|übergehe\w*)\b[^.!?\n]{0,40}\b(?:anweisungen|regeln|kriterien|bewertungsschema|vorgaben|instruktionen)\b/iu,
  /\b(?:gib|geben sie|vergib|vergeben sie|bewerte|bewerten sie|benote|benoten sie)\b[^.!?\n]{0,50}\b(?:10|zehn|volle punktzahl|höchstpunktzahl|bestnote|höchstnote|punkte?n?|note)\b/iu,
  /\bdiese antwort (?:verdient|sollte|muss)\b/iu,
  /\b(?:volle punktzahl|höchstpunktzahl|bestnote|höchstnote)\b/iu,
  // Portuguese.
  /\b(?:ignore|ignora|ignorem|esque[çc]a|desconsidere)\b[^.!?\n]{0,40}\b(?:instru[çc][õo]es|rubrica|regras|crit[ée]rios)\b/iu,
  /\b(?:d[êe]|me d[êe]|d[êe]-me|atribua|coloque|avalie|pontue)\b[^.!?\n]{0,50}\b(?:10|dez|nota m[áa]xima|pontua[çc][ãa]o m[áa]xima|nota)\b/iu,
  /\besta resposta (?:merece|deve (?:receber|ter|ganhar))\b/iu,
  /\b(?:nota|pontua[çc][ãa]o) m[áa]xima\b/iu,
  // Hindi written in Latin letters.
  /\b(?:ignore|bhool|bhul)\s*(?:karo|kar do|kariye|jao|jaiye)\b/iu,
  /\b(?:instructions?|rubric|niyam|nirdesh)\s+ko\b/iu,
  /\b(?:10|das|poore|pure|pura|poora|full)\s+(?:number|marks|ank|nambar|score)\b[^.!?\n]{0,20}\b(?:do|de do|dena|dijiye|de dijiye|milne chahiye|chahiye)\b/iu,
  /\b(?:mujhe|isko|is jawab ko|is answer ko|jawab ko|answer ko)\b[^.!?\n]{0,30}\b(?:do|de do|dena|dijiye|de dijiye)\b/iu,
  /\bsabse (?:zyada|jyada|achha|acha)\s+(?:score|marks|ank|number)\b/iu,
  // Chinese.
  /(?:忽略|无视|忽视|不要理会)[^。！？\n]{0,20}(?:指令|指示|说明|规则|评分标准|要求)/u,
  /(?:给|打|评)[^。！？\n]{0,12}(?:10|十|满)\s*分/u,
  /(?:满分|最高分|最高评分)/u,
  /(?:评分|分数|得分)\s*(?:为|是|应为|应该是)\s*(?:10|十)/u,
  /(?:这个|该|此)(?:回答|答案)(?:应该|应当|必须)/u,
];

export const rolePlayPatterns: readonly RegExp[] = [
  /^\s*(?:system|assistant|user|grader|evaluator|developer|instructions?|human|ai|model|examiner|reviewer|sistema|système|bewerter|avaliador)\s*[:：>]/iu,
  /\bas (?:the|an?|your) (?:grader|evaluator|examiner|assessor|ai|language model|assistant|reviewer|system)\b/iu,
  /\b(?:you are now|from now on you are|pretend (?:you are|to be)|act as|role[- ]?play)\b/iu,
  // A game with a grading persona: "Let's play a game where you are GradeBot".
  /\blet'?s play a (?:little |quick )?game\b/iu,
  /\byou(?:'re| are)\s+(?:now\s+)?(?:an?\s+|the\s+)?[a-z-]*(?:bot|gpt)\b/iu,
  /\b(?:assistant|system|grader|evaluator)\s+(?:score|grade|rating|verdict)\s*[:=]?\s*\d+/iu,
  // A speaker label inside a sentence, as prompt transcripts write it ("… System: the candidate …").
  /\b(?:System|SYSTEM|Assistant|ASSISTANT|Grader|GRADER|Evaluator|EVALUATOR|Developer|DEVELOPER)\s*:\s/u,
  /<\|?\s*(?:im_start|im_end|system|endoftext)\s*\|?>/iu,
  /\[\/?\s*(?:inst|system|sys)\s*\]/iu,
  /<\/?\s*(?:answer|candidate_answer|candidate-answer|system|instructions?|grader|evaluation|prompt|user|assistant)(?:\s[^>]*)?>/iu,
  /^\s*#{1,6}\s*(?:instructions?|system|response|evaluation|grader)\b/iu,
  /\b(?:end of (?:the )?(?:candidate'?s? )?(?:answer|response|submission)|answer ends here)\b/iu,
];

export const fakeVerdictPatterns: readonly RegExp[] = [
  /\bstrong hire\b|\bgrade\s*[:=]?\s*a\+/iu,
  /\b(?:[6-9]|10|nine|ten)\s*(?:\/|out of)\s*(?:10|ten)\b/iu,
  /\b(?:score|grade|rating|marks?)\s+(?:of\s+|to\s+|is\s+|=\s*|:\s*)?(?:10|ten)\b(?!\s*(?:%|percent|ms|milliseconds|seconds|minutes|hours|days|million|thousand|k\b|x\b|times))/iu,
  /\b(?:score|grade|rating|marks|points|evaluation|verdict)\s*[:=]\s*\d+/iu,
  /\b(?:verdict|decision|recommendation|outcome)\s*[:=]\s*(?:pass|passed|excellent|perfect|hire|strong hire|approved)\b/iu,
  /\b(?:10|ten)\s*(?:\/|out of)\s*(?:10|ten)\b/iu,
  /\b(?:final|overall)\s+(?:score|grade|evaluation|rating|verdict)\s*(?:[:=]|is\s+(?:10|ten)\b)/iu,
  /["'](?:score|grade|rating|verdict)["']\s*:/iu,
  /(?:puntuaci[oó]n|calificaci[oó]n|nota|note|punktzahl|bewertung|pontua[çc][ãa]o|分数|评分|得分)\s*[:=：]\s*\d+/iu,
];

/**
 * Markup that hides text from a human reader but not from a model: HTML and
 * Markdown comments, chat-template and instruction tags, template braces and
 * "[hidden]" blocks about grading, parentheticals addressed to the grader.
 * Matched on the whole answer (they may span lines) before sentences are split.
 */
export const hiddenMarkupPatterns: ReadonlyArray<{
  kind: 'instruction' | 'role_play';
  pattern: RegExp;
  /** The character every match starts with: a text without it has no match, and is not scanned. */
  opens: string;
}> = [
  { kind: 'instruction', pattern: /<!--[\s\S]*?(?:-->|$)/gu, opens: '<' },
  { kind: 'instruction', pattern: /\[\/\/\]:\s*#\s*\([^)]*\)/gu, opens: '[' },
  { kind: 'role_play', pattern: /<\|?\s*im_start\s*\|?>[\s\S]*?(?:<\|?\s*im_end\s*\|?>|$)/giu, opens: '<' },
  { kind: 'role_play', pattern: /\[\s*inst\s*\][\s\S]*?(?:\[\s*\/\s*inst\s*\]|$)/giu, opens: '[' },
  {
    kind: 'role_play',
    pattern:
      /<\s*(system|assistant|user|grader|evaluator|instructions?|prompt)\b[^>]*>[\s\S]*?(?:<\s*\/\s*\1\s*>|(?=\n)|$)/giu,
    opens: '<',
  },
  {
    kind: 'instruction',
    pattern: /\[\s*(hidden|system|grader|note)\s*\][\s\S]*?(?:\[\s*\/\s*\1\s*\]|(?=\n)|$)/giu,
    opens: '[',
  },
  {
    kind: 'instruction',
    pattern: /\{\{[^{}]*(?:grad|scor|mark|rubric|instruct|evaluat|override|full)[^{}]*\}\}/giu,
    opens: '{',
  },
  {
    kind: 'instruction',
    pattern:
      /\((?=[^()]{0,60}\b(?:ai|a\.i\.|model|llm|grader|evaluator|assistant|reviewer|scorer)\b)[^()]{0,300}\b(?:score|grade|mark|rate|rating|10|ten|perfect|full)\b[^()]{0,200}\)/giu,
    opens: '(',
  },
];

/** Keys that make a JSON object a verdict rather than, say, an example payload. */
export const verdictJsonKeys =
  /["']?(?:score|grade|rating|verdict|evaluation|feedback|marks|points|pass(?:ed)?)["']?\s*:/iu;

export { gradingWord };
