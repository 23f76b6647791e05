/**
 * What a speech-to-text engine does to an answer that a reader would not:
 * filler words, and homophones or split words for technical terms. Both
 * the written and the spoken form of an answer map to the same canonical
 * words, so neither grader can tell them apart.
 */

/** Hesitation sounds: never part of an answer. */
export const hesitations: ReadonlySet<string> = new Set(
  'um umm ummm uh uhh uhm erm er ah ahh hmm hmmm hm mm mmm mhm yeah'.split(' '),
);

/** Words before which "you know" / "I mean" / "kind of" carry meaning ("do you know", "a kind of index"). */
export const meaningfulBefore = {
  youKnow: new Set(['do', 'did', 'if', 'as', "don't", "didn't", 'what', 'would', 'will', 'could', 'should']),
  iMean: new Set(['what', 'that', 'which']),
  kindOf: new Set([
    'a',
    'the',
    'this',
    'that',
    'what',
    'which',
    'some',
    'any',
    'one',
    'every',
    'each',
    'same',
    'other',
  ]),
} as const;

/** "like" after these is a filler ("so like the cache…"), elsewhere a comparison ("languages like Go"). */
export const fillerLikeAfter: ReadonlySet<string> = new Set(
  "so and but just like was is were it's well mean um uh then because also or".split(' '),
);

/** Adverbs that add nothing a grader counts. */
export const emptyAdverbs: ReadonlySet<string> = new Set(
  'basically literally actually honestly totally'.split(' '),
);

/** Written-apart forms and homophone slips, several words to their canonical words. */
export const phraseSpellings: ReadonlyArray<readonly [readonly string[], readonly string[]]> = [
  [['no', 'sequel'], ['nosql']],
  [['my', 'sequel'], ['mysql']],
  [
    ['sequel', 'server'],
    ['sql', 'server'],
  ],
  [['java', 'script'], ['javascript']],
  [['type', 'script'], ['typescript']],
  [['post', 'gress'], ['postgres']],
  [['post', 'gres'], ['postgres']],
  [['post', 'grey'], ['postgres']],
  [['cooper', 'netties'], ['kubernetes']],
  [['cube', 'control'], ['kubectl']],
  [['get', 'hub'], ['github']],
  [['engine', 'x'], ['nginx']],
  [['a', 'sink'], ['async']],
  [['a', 'wait'], ['await']],
  [['see', 'sharp'], ['csharp']],
  [['c', 'sharp'], ['csharp']],
  [['dot', 'net'], ['dotnet']],
  [['web', 'socket'], ['websocket']],
  [['web', 'sockets'], ['websockets']],
  [['data', 'base'], ['database']],
  [['data', 'bases'], ['databases']],
  [['micro', 'service'], ['microservice']],
  [['micro', 'services'], ['microservices']],
  [['back', 'end'], ['backend']],
  [['front', 'end'], ['frontend']],
  [['dead', 'lock'], ['deadlock']],
  [['dead', 'locks'], ['deadlocks']],
  [['on', 'call'], ['oncall']],
  [['set', 'up'], ['setup']],
  [['time', 'out'], ['timeout']],
  [['time', 'outs'], ['timeouts']],
  [['pub', 'sub'], ['pubsub']],
  [
    ['e', 'g'],
    ['for', 'example'],
  ],
  [
    ['i', 'e'],
    ['that', 'is'],
  ],
];

/** One word to its canonical word: homophone slips and spellings of the same term. */
export const wordSpellings: Readonly<Record<string, string>> = {
  cash: 'cache',
  cashes: 'caches',
  cashed: 'cached',
  cashing: 'caching',
  cue: 'queue',
  cues: 'queues',
  sequel: 'sql',
  reddis: 'redis',
  jason: 'json',
  postgre: 'postgres',
  postgresql: 'postgres',
  mongodb: 'mongo',
  kubernetis: 'kubernetes',
  sink: 'sync',
  sinks: 'syncs',
  rite: 'write',
  sight: 'site',
  cite: 'site',
  threw: 'through',
  thru: 'through',
  weather: 'whether',
  their: 'there',
  "they're": 'there',
  theyre: 'there',
  too: 'to',
  "you're": 'your',
  than: 'then',
  its: "it's",
  aloud: 'allowed',
  principal: 'principle',
  two: '2',
  three: '3',
  four: '4',
  five: '5',
  six: '6',
  seven: '7',
  eight: '8',
  nine: '9',
  ten: '10',
  eleven: '11',
  twelve: '12',
  fifteen: '15',
  twenty: '20',
  thirty: '30',
  forty: '40',
  fifty: '50',
  sixty: '60',
  hundred: '100',
  thousand: '1000',
  million: '1000000',
  billion: '1000000000',
};

/** The inverse, for tests that write answers the way speech-to-text would. */
export const spokenSlips: Readonly<Record<string, string>> = {
  cache: 'cash',
  caching: 'cashing',
  cached: 'cashed',
  queue: 'cue',
  queues: 'cues',
  sql: 'sequel',
  nosql: 'no sequel',
  mysql: 'my sequel',
  javascript: 'java script',
  typescript: 'type script',
  postgres: 'post gress',
  postgresql: 'post gress',
  kubernetes: 'cooper netties',
  redis: 'reddis',
  json: 'jason',
  async: 'a sink',
  sync: 'sink',
  database: 'data base',
  databases: 'data bases',
  microservices: 'micro services',
  backend: 'back end',
  frontend: 'front end',
  websocket: 'web socket',
  websockets: 'web sockets',
  through: 'threw',
  there: 'their',
  whether: 'weather',
  site: 'sight',
  to: 'too',
  than: 'then',
  your: "you're",
};
