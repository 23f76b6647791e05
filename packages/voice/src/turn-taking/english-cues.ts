// English cues for whether a spoken thought is finished. Word classes, not
// example sentences: a cue matches the last words of any answer, so a new
// phrasing of the same kind is caught without being listed.

/** Sounds and phrases a speaker makes to hold the floor while thinking: a pause after them is never the end. */
export const thinkingTail = new RegExp(
  '(?:^|\\s)(?:' +
    [
      'u+m+',
      'u+h+m*',
      'e+r+m*',
      'h+m+',
      'm{2,}',
      'a+h+m*',
      'let me (?:just )?(?:think|see|remember|recall|check|consider)(?: (?:about )?(?:it|that|this|for a (?:sec|second|moment|minute)))?',
      "let'?s see",
      'give me (?:a|one) (?:sec|second|moment|minute)',
      '(?:just |wait )?(?:a|one) (?:sec|second|moment|minute)',
      'hold on',
      'hang on',
      'how (?:do|should|can|would) i (?:put|say|explain|phrase|describe) (?:it|this|that)',
      "what(?:'s| is) (?:the|that) (?:word|term|name|thing)",
      "what(?:'s| is| was) it called",
      'what do you call (?:it|that|them)',
      "i(?:'m| am) (?:trying to )?(?:think|thinking|remember|remembering|recall|recalling)(?: of| about)?",
      'i need to think(?: about (?:it|that))?',
      'thinking',
      'what else',
      'where was i',
      '(?:(?:that|this)(?:.s| is) )?(?:a |an )?(?:good|great|interesting|tough|hard|tricky) (?:one|question)',
    ].join('|') +
    ')$',
);

/**
 * Words that hold the floor without thinking aloud: "I mean", "like", "sort of". "Well" only as an
 * opener ("so well"), not "as well"; "like" not as a verb ("the part I like").
 */
export const fillerTail =
  /(?:^|\s)(?:i mean|sort of|kind of|kinda|sorta|you see)$|(?:^|\s)(?:and|so|but|oh|um|uh|okay|ok|yeah|hmm) well$|^well$|(?:^|\s)(?!(?:i|we|you|they|people|really|would|'d)\s)\S+ like$|^like$/;

/**
 * Tags spoken after a finished clause: "…a cache, I think", "…basically", "…to be honest". Scored
 * on what comes before them.
 */
export const trailingTag =
  /\s(?:i think|i guess|i suppose|i believe|i'd say|i would say|basically|actually|honestly|to be honest|for sure|though|you know|in general|overall|anyway)$/;

/** "We had to", "I used to": an infinitive left out because it is understood; finished. */
export const ellipticTo =
  /(?:^|\s)(?:have|has|had|need|needed|want|wanted|got|used|ought|going|supposed|able|love|like|try|tried|meant|planned|chose|decided|asked)(?: them| him| her| it| me| us)? to$/;

/** Adverbs closing on a particle: "later on", "early on", "from then on". */
export const adverbParticle = /(?:^|\s)(?:later|early|further|then|head|straight|right) on$/;

/** Endings that may close a sentence or open an example: "…, for example". */
export const ambiguousTail = /(?:^|\s)(?:for example|for instance)$/;

/** Only fillers and thinking sounds: nothing has been said yet. */
export const fillerOnly = /^(?:(?:u+m+|u+h+m*|e+r+m*|h+m+|m{2,}|a+h+m*|so+|well|like|and|oh)\s*)+$/;

/** Phrases that close an answer. */
export const closingTail = new RegExp(
  '(?:^|\\s)(?:' +
    [
      "that(?:'s| is| was)(?: (?:pretty much|about|basically|really))? (?:it|all)",
      "(?:i think )?that(?:'s| is) (?:my answer|everything|the gist(?: of it)?|how i(?:'d| would) (?:do|approach|handle) it)",
      'that (?:covers|sums up) (?:it|everything)',
      "i(?:'m| am) done",
      '(?:and )?so yeah',
      'yeah',
      'hope (?:that|this) (?:helps|makes sense|answers (?:it|your question|the question))',
      '(?:if|does) (?:that|this) (?:make sense|makes sense|answer (?:it|your question|the question))',
      'and so (?:on|forth)',
      'and (?:stuff|things|all that)(?: like that)?',
      'or (?:something|anything) (?:like that|along those lines)',
      'et ?cetera',
      'etc',
      'anyway',
    ].join('|') +
    ')$',
);

/** A whole answer that is complete in a word or three. */
export const shortAnswer = new RegExp(
  '^(?:' +
    [
      'yes',
      'no',
      'yep',
      'yup',
      'nope',
      'nah',
      'sure',
      'correct',
      'exactly',
      'right',
      'definitely',
      'absolutely',
      'of course',
      'not really',
      'not at all',
      'maybe',
      'probably',
      'never',
      'always',
      'sometimes',
      'none',
      "i (?:don't|do not) know",
      '(?:i (?:have|got) )?no idea',
      "(?:i(?:'m| am) )?not sure",
      'i (?:think|guess|hope|believe) so',
      "i (?:don't|do not) think so",
      "(?:yes|yeah|yep|no|nope|sure)(?: i| we| it| they)? (?:do|did|does|have|has|can|would|will|am|was|were|is|are|could|should)(?:n't| not)?",
      "(?:no|nope)(?: i| we| it| they)? (?:won't|can't|wasn't|weren't|isn't|aren't)",
    ].join('|') +
    ')$',
);

/** Conjunctions and connectives that announce more: "and", "because", "so that", "which means". */
export const connectiveTail = new RegExp(
  '(?:^|\\s)(?:' +
    [
      'and',
      'but',
      'or',
      'nor',
      'so',
      'because',
      'cause',
      "'cause",
      'cuz',
      'since',
      'although',
      'while',
      'whereas',
      'unless',
      'if',
      'whether',
      'until',
      'till',
      'then',
      'plus',
      'as',
      'than',
      'which',
      'who',
      'whose',
      'where',
      'when',
      'whenever',
      'wherever',
      'once',
      'especially',
      'including',
      'meaning',
      'such as',
      'as well as',
      'in order to',
      'rather than',
      'instead of',
      'except',
      'other than',
      'which means',
      'that means',
      'the (?:reason|thing|problem|point|idea|issue|catch|trick) (?:is|was)',
      'what i (?:mean|meant|wanted to say) (?:is|was)',
      'in other words',
      'e ?g',
      'i ?e',
      'namely',
    ].join('|') +
    ')$',
);

// "I think so", "even so", "all at once", "back then", "for a while": adverbials that end on a
// connective's word and are finished.
export const connectiveExceptions = new RegExp(
  [
    "(?:^|\\s)(?:i|we|you|they) (?:think|hope|guess|believe|suppose|said|say|told you|would say|'d say) so$",
    '(?:^|\\s)(?:even|just|and|or|if) so$',
    '(?:is|was|are|why) that so$',
    'than (?:ever|before|usual|expected|that)$',
    '(?:^|\\s)(?:at|all at|for) once$',
    '(?:^|\\s)(?:back|by|since|until|till|even|just|only|before|from) then$',
    '(?:^|\\s)(?:ever|long) since$',
    '(?:^|\\s)(?:a|all the|for a|worth the|worth our) while$',
    '(?:^|\\s)(?:no matter|either) (?:which|when|where|who)$',
  ].join('|'),
);

/** "…the problem was that", "…so that", "…I realised that": "that" opening a clause, not a pronoun. */
export const complementThatTail =
  /(?:^|\s)(?:so|such|is|was|are|were|be|been|think|thought|know|knew|said|says|mean|meant|believe|realised|realized|found|noticed|saw|see|learned|learnt|decided|felt|feel|means|ensure|ensured|make sure|given|assuming|except|now|fact|idea|point|reason|problem|issue|way|thing|sure|clear|true|obvious|possible|likely|important) that$/;

/** A sentence cannot end on an article, a determiner, an intensifier or a subject pronoun. */
export const danglingWord = new Set([
  'a',
  'an',
  'the',
  'my',
  'our',
  'your',
  'their',
  'its',
  'every',
  'very',
  'quite',
  'pretty',
  'rather',
  'extremely',
  'super',
  'somewhat',
  'fairly',
  'i',
  'we',
  'they',
  'he',
  'she',
  "i'm",
  "we're",
  "they're",
  "it's",
  "that's",
  "there's",
  "here's",
  "what's",
  "i've",
  "we've",
  "i'd",
  "we'd",
  "i'll",
  "we'll",
  'gonna',
  'wanna',
  'gotta',
]);

/** Prepositions: a dangling one wants its object, unless a "what"/"which" clause stranded it ("what it is used for"). */
export const preposition = new Set([
  'of',
  'to',
  'in',
  'on',
  'at',
  'for',
  'with',
  'from',
  'by',
  'about',
  'into',
  'onto',
  'over',
  'under',
  'between',
  'through',
  'during',
  'without',
  'within',
  'across',
  'against',
  'toward',
  'towards',
  'via',
  'per',
  'among',
  'upon',
  'like',
  'behind',
  'beyond',
  'around',
]);

/** Prepositions that are also verb particles: "the database fell over", "we moved on", "switch it on". */
export const particle = new Set([
  'over',
  'on',
  'in',
  'around',
  'through',
  'along',
  'across',
  'by',
  'about',
  'behind',
]);

/** The verb before a particle: a past or -ing form, or a common phrasal verb. */
export const phrasalVerb =
  /^(?:(?!(?:some|any|no|every)?thing$|string$|ceiling$|ring$|during$)\S+(?:ed|ing)|fall|fell|fallen|take|took|taken|come|came|go|went|gone|get|got|give|gave|given|move|turn|log|sign|hand|run|ran|carry|pass|hold|held|keep|kept|check|look|think|thought|start|switch|hang|catch|caught|bring|brought|put|set|roll|spin|phase|opt|win|won|drag|draw|drew|push|pull|read|write|wrote|talk|walk|sleep|slept|stay|step|sit|sat|stand|stood|work|build|built|bounce|rolled|kick|ship|shipped|figure|get)$/;

/** Verbs whose particle may follow their object: "switched it on", "talked it over". */
export const separableVerb =
  /^(?:turn|turned|switch|switched|put|hand|handed|take|took|think|thought|try|tried|roll|rolled|pass|passed|carry|carried|bring|brought|log|logged|talk|talked|move|moved|sign|signed|phase|phased|hold|held|keep|kept|push|pushed)$/;

/** Auxiliaries and modals: "…the main cost is", "…we would". Finished after a pronoun in a yes/no reply. */
export const auxiliary = new Set([
  'is',
  'are',
  'was',
  'were',
  'be',
  'been',
  'being',
  'am',
  'will',
  'would',
  'can',
  'could',
  'should',
  'shall',
  'may',
  'might',
  'must',
  'has',
  'had',
  'have',
  'does',
  'do',
  'did',
  "isn't",
  "aren't",
  "wasn't",
  "don't",
  "doesn't",
  "didn't",
  "won't",
  "wouldn't",
  "can't",
  "couldn't",
  "shouldn't",
]);

/** Opens a short elliptic reply: "yes I would", "no we didn't". */
export const yesNo =
  /^(?:yes|yeah|yep|yup|no|nope|nah|sure|maybe|probably|definitely|absolutely|of course|i think|i guess)\b/;

/** Words that make an earlier clause strand a final preposition or auxiliary ("what it is", "which we relied on"). */
export const strandingOpener =
  /(?:^|\s)(?:what|which|whatever|whichever|who|whom|where|how|something|anything|everything|nothing|someone|the (?:one|ones|thing|things|team|tool|tools|people|person|place|stack|system|language|problem|project))\s(?:\S+\s){0,2}?(?:i|we|you|they|he|she|it|people|everyone|the team|that)(?:\s\S+){1,5}$/;

/** A question to the interviewer: "could you repeat that", "do you mean in production". */
export const questionBack = new RegExp(
  '^(?:(?:sorry|so|okay|ok|um|uh|just to clarify|quick question|wait)\\s+)*(?:' +
    [
      '(?:could|can|would|will|do|did|are|were|should|shall|may) (?:you|i|we)\\b',
      '(?:is|was|does) (?:it|that|this|there)\\b',
      'what (?:do|did|does|would|should|is|are) (?:you|i|we|it|that|this|they)\\b',
      "what(?:'s| is) (?:the|a|an|your|that)\\b",
      '(?:how|which|why|where|when|who) (?:do|did|does|would|should|is|are|was|were|can|could) (?:you|i|we|it|that|this|they)\\b',
    ].join('|') +
    ')',
);

/** A request to repeat or rephrase, anywhere in the last sentence. */
export const repeatRequest =
  /(?:repeat|rephrase|say (?:that|it) again|clarify)(?: (?:the|that|your) question| that| it)?(?: please)?$|(?:^|\s)(?:come again|pardon|sorry what)$|(?:^|\s)(?:right|correct|is that right|does that make sense|you know what i mean)$/;
