import { root } from './word-root.js';

/**
 * Named technologies (canonical spellings, see canonical-text.ts). Naming
 * the tools one used is what makes an answer concrete; words that are also
 * everyday English ("go", "rest", "spring", "next") are left out.
 */
export const technologies: ReadonlySet<string> = new Set(
  (
    'golang python java javascript typescript kotlin swift rust ruby php scala elixir erlang haskell clojure csharp cpp dart sql bash perl lua ' +
    'react angular vue svelte nextjs django flask fastapi rails laravel nestjs gin grpc graphql restful jquery redux flutter swiftui uikit jetpack ' +
    'pytorch tensorflow keras sklearn pandas numpy spark hadoop flink airflow dbt kafka rabbitmq sqs sns kinesis pubsub celery ' +
    'postgres mysql mongo redis cassandra dynamodb elasticsearch clickhouse druid snowflake bigquery redshift sqlite oracle hbase zookeeper etcd neo4j s3 parquet avro ' +
    'docker kubernetes helm terraform ansible pulumi aws gcp azure ec2 ecs eks gke cloudflare nginx envoy istio prometheus grafana datadog sentry crashlytics ' +
    'jenkins github gitlab circleci argo vault consul jira figma selenium cypress playwright jest pytest junit appium postman k6 jmeter git linux ' +
    'android ios xcode gradle fastlane http https tcp udp tls dns websocket websockets sse json xml yaml protobuf jwt oauth saml api apis sdk cdn ' +
    'llm lora rag apns fcm debezium snowflake pgbouncer tcpdump opentelemetry chi'
  ).split(' '),
);

/**
 * Evidence for the expected points that name a kind of content rather than a
 * word to say: "languages", "result", "motivation", "ownership". Warm-up,
 * behavioural and closing questions list such points; a good answer shows
 * them without using the word. Phrases are matched on word roots.
 */
const conceptPhrases: Readonly<Record<string, string>> = {
  languages: 'golang|python|java|javascript|typescript|kotlin|swift|rust|ruby|php|scala|csharp|cpp|sql|go',
  frameworks:
    'react|angular|vue|django|flask|fastapi|rails|spring|express|grpc|chi|flutter|swiftui|pytorch|tensorflow|spark|airflow|dbt',
  tools:
    'docker|kubernetes|terraform|github|gitlab|jenkins|postgres|mysql|redis|kafka|aws|gcp|azure|grafana|prometheus|jira|airflow|snowflake',
  preferences: 'enjoy|prefer|favourite|favorite|love|like most|most fun|reach for',
  interests: 'enjoy|interested|curious|love|passion|like',
  experience: 'years|worked|built|led|joined|started as|spent',
  background: 'studied|started as|worked|years|university|degree',
  role: 'my role|i was|i owned|responsible|i led|my job|my task|as the',
  projects: 'project|built|rebuilt|launched|migrated|shipped|led the',
  project: 'project|built|rebuilt|launched|migrated|shipped',
  motivation: 'because|enjoy|love|motivat|excited|interested|what brought|like building|want to',
  impact:
    'percent|reduced|improved|increased|cut|saved|lifted|faster|users|customers|churn|revenue|conversion',
  challenge: 'hard part|difficult|challenge|problem|tricky|risk',
  situation: 'when i|last year|years ago|at my|in my first|one friday|we had|our team|i joined',
  task: 'my task|my job|i needed|i had to|the goal|responsible|i was the|i owned',
  action:
    'i decided|i asked|i met|i proposed|i wrote|i built|i told|i ranked|i renewed|i declared|i had her|i did|we agreed|i put|i took',
  result:
    'as a result|in the end|result|outcome|by the end|recovered|launched|delivered|dropped|reduced|improved|on time|promoted|we closed|went on time',
  outcome:
    'as a result|in the end|result|outcome|by the end|recovered|launched|delivered|dropped|reduced|improved|on time|promoted',
  learning: 'learn|tutorial|documentation|course|paired|read',
  lesson: 'learned|lesson|next time|since then|afterwards|now i',
  lessons: 'learned|lesson|next time|since then|afterwards|now i',
  ownership: 'i told|my fault|i owned|took responsibility|i noticed|i fixed|my mistake|i ran',
  mistake: 'mistake|wrong|broke|instead of|forgot|missed',
  communication: 'told|updates|posted|informed|explained|talked|met|status channel|wrote up',
  stakeholders: 'head of|vp|customer|sales|support|leadership|manager|product team',
  feedback: 'feedback|review|reviewed|told me|asked what',
  growth: 'grow|growth|promoted|career|learn|develop',
  goals: 'goal|agreed on|target|aim',
  team: 'team|colleagues|teammates|people|engineers',
  manager: 'manager|lead|boss',
  autonomy: 'autonomy|own|freedom|trust|decide',
  support: 'support|help|shield|mentor',
  culture: 'culture|values|review|feedback|friendly',
  fit: 'fit|because|experience|strongest|motivated',
  strengths: 'best at|strong|strongest|good at|strength',
  improvement: 'improve|could do better|working on|tend to|weak',
  'self-awareness': 'i tend to|i realised|i realized|i noticed|feedback',
  diagnosis: 'found|root cause|dug into|investigat|slow queries|logs',
  mitigation: 'rolled back|rollback|feature flag|recovered|restored|stop the bleeding|renewed|applied',
  postmortem: 'postmortem|post mortem|retro|runbook|afterwards',
  prevention: 'never again|since|afterwards|added|automated|checklist|runbook',
  incident: 'incident|outage|down|timing out|timeouts|broke',
  mentoring: 'mentor|paired|pair programming|coached|met every',
  priorities: 'first|next|priorit|ranked|order|most important',
  urgency: 'urgent|expire|deadline|today|that day|immediately',
  'trade-offs': 'trade off|instead|rather than|cost|versus|side by side',
  decision: 'decided|decision|backed|chose|agreed',
  escalation: 'escalat|took the decision to|vp|director|leadership',
  conflict: 'disagreed|conflict|wanted|opposite|argument',
};

/** concept (a lower-cased expected keyword) → stem sequences that show it. */
export const conceptEvidence: ReadonlyMap<string, readonly string[][]> = new Map(
  Object.entries(conceptPhrases).map(([concept, phrases]) => [
    concept,
    phrases.split('|').map((phrase) => phrase.split(' ').map((w) => root(w))),
  ]),
);
