import type { VerbalQuestion } from './evaluation-schemas.js';

/** Grades: 4 excellent, 3 good, 2 weak, 1 poor. Written by hand, before the rubric was tuned. */
export interface GradedQuestion {
  question: VerbalQuestion;
  answers: Record<1 | 2 | 3 | 4, string>;
}

export const gradedAnswers: readonly GradedQuestion[] = [
  {
    question: {
      id: 'os-1',
      text: 'What is the difference between a process and a thread?',
      expectedKeywords: ['memory', 'context switch', 'isolation'],
      followUps: ['How do threads communicate?'],
    },
    answers: {
      4: 'A process is a running program with its own virtual address space, so its memory is isolated from other processes and a crash in one does not corrupt another. A thread is a unit of execution inside a process, and all threads of a process share the same heap and file descriptors. Because threads share memory they communicate cheaply, but they need locks or atomics to avoid data races. A context switch between threads is cheaper than between processes since the page tables do not change. For example, Chrome runs each tab as a process for isolation, while a web server like Nginx uses a few worker processes with many connections each.',
      3: 'A process has its own memory space and is isolated from other processes. Threads live inside a process and share its memory, which makes communication between them easier. Switching between threads is a cheaper context switch than switching processes.',
      2: 'A process is bigger and a thread is smaller, and threads are inside a process and run things at the same time.',
      1: 'I think both of them are about running computer programs, I am not really sure what the difference is.',
    },
  },
  {
    question: {
      id: 'ds-1',
      text: 'How does a hash map work?',
      expectedKeywords: ['hash function', 'bucket', 'collision', 'load factor'],
    },
    answers: {
      4: 'A hash map stores key-value pairs in an array of buckets. A hash function turns the key into an integer, and the index of the bucket is that hash modulo the array size, so a lookup is O(1) on average. Two keys can land in the same bucket, which is a collision; Java chains them in a linked list (or a tree after 8 entries), while open addressing probes the next free slot. When the load factor, entries divided by buckets, passes a threshold like 0.75, the map resizes and rehashes every entry, which is why inserts are amortized O(1). A bad hash function that clusters keys degrades it to O(n).',
      3: 'A hash map uses a hash function to map each key to a bucket in an array, so lookups are usually constant time. When two keys hash to the same bucket there is a collision, which is handled with chaining or open addressing. The map grows when it gets too full.',
      2: 'A hash map stores keys and values and you can get a value by its key very fast.',
      1: 'It is a map that people use a lot when they program in Java or Python.',
    },
  },
  {
    question: {
      id: 'db-1',
      text: 'Explain database indexing and its trade-offs.',
      expectedKeywords: ['b-tree', 'lookup', 'write', 'storage'],
    },
    answers: {
      4: 'An index is a separate data structure, usually a B-tree, that keeps the values of one or more columns sorted with pointers to the rows. It turns a full table scan into a lookup of O(log n), so a query filtering on an indexed email column on 10 million rows goes from seconds to a few milliseconds. The trade-off is that every insert, update and delete must also write to each index, which slows writes, and each index costs extra storage and memory. Composite indexes only help queries that use the leftmost columns, so I check the query plan with EXPLAIN before adding one. For example, we dropped two unused indexes and cut our write latency by 20%.',
      3: 'An index is usually a B-tree on one or more columns that makes a lookup much faster than scanning the whole table. The downside is that writes get slower because the index has to be updated too, and it takes more storage. So you index the columns you filter on often.',
      2: 'Indexes make queries faster, you should add them to columns that you search on.',
      1: 'Databases store data in tables and you can query them with SQL statements.',
    },
  },
  {
    question: {
      id: 'dist-1',
      text: 'What is the CAP theorem?',
      expectedKeywords: ['consistency', 'availability', 'partition tolerance'],
    },
    answers: {
      4: 'The CAP theorem says that a distributed data store cannot guarantee consistency, availability and partition tolerance all at once. Since network partitions will happen in practice, partition tolerance is not optional, so the real choice during a partition is between consistency and availability. A CP system like ZooKeeper or HBase refuses some requests to keep every read up to date, while an AP system like Cassandra or DynamoDB keeps answering but may return stale data that converges later. However, when there is no partition you can have both, which is why PACELC adds the latency versus consistency trade-off for normal operation.',
      3: 'The CAP theorem states that a distributed system can only provide two of consistency, availability and partition tolerance. Because partitions happen, you usually pick between consistency and availability when the network splits. Cassandra for example prefers availability.',
      2: 'CAP means consistency, availability and partition, and you can only have two of them.',
      1: 'It is a theorem from computer science that is about databases and how they work.',
    },
  },
  {
    question: {
      id: 'sd-1',
      text: 'How would you design a rate limiter for an API?',
      expectedKeywords: ['token bucket', 'sliding window', 'redis'],
      followUps: ['How do you handle multiple servers?'],
    },
    answers: {
      4: 'I would start with a token bucket per API key: the bucket holds up to 100 tokens, refills at 10 tokens per second, and each request takes one, so bursts are allowed but the average rate is bounded. A sliding window log or sliding window counter is an alternative when the limit must be exact per minute, because a fixed window lets twice the limit through at the boundary. With multiple servers the counters must be shared, so I would keep them in Redis and update them atomically with a Lua script or INCR with expiry. The limiter returns 429 with a Retry-After header, and if Redis is down it fails open for trusted clients so that the API stays available.',
      3: 'I would use a token bucket algorithm where each client gets tokens that refill over time and each request uses one. The counters would be stored in Redis so that every API server sees the same limits. When a client is over the limit the API returns 429.',
      2: 'You count the requests of each user and block them when they send too many requests.',
      1: 'I would make the API faster so it can handle more people using the website.',
    },
  },
  {
    question: {
      id: 'net-1',
      text: 'What happens when you type a URL into the browser and press enter?',
      expectedKeywords: ['DNS', 'TCP', 'TLS', 'HTTP'],
    },
    answers: {
      4: 'First the browser parses the URL and checks its caches, then it resolves the host name through DNS, asking a recursive resolver that walks from the root to the authoritative server unless the answer is cached. It then opens a TCP connection with a three-way handshake to port 443, and because the scheme is https it runs a TLS handshake to agree on keys and verify the certificate. Over that connection it sends an HTTP GET request, and the server, often behind a load balancer or a CDN, answers with a status code, headers and HTML. Finally the browser parses the HTML, fetches CSS, JavaScript and images, builds the DOM and renders the page, which is why a slow DNS lookup or a 200 ms round trip shows up directly in page load time.',
      3: 'The browser looks up the domain with DNS to get the IP address. Then it opens a TCP connection to the server and, for https, does a TLS handshake. It sends an HTTP request and renders the HTML that comes back.',
      2: 'The browser finds the server and downloads the website and then shows it on the screen.',
      1: 'The page loads and you can see the website you wanted to visit on your screen.',
    },
  },
  {
    question: {
      id: 'web-1',
      text: 'Explain caching strategies for a web application.',
      expectedKeywords: ['cache invalidation', 'TTL', 'write-through', 'CDN'],
    },
    answers: {
      4: 'Caching happens at several layers: a CDN caches static assets and even whole pages near the user, an application cache like Redis holds computed results, and the database has its own buffer pool. The common pattern is cache-aside, where the app reads from the cache and on a miss loads from the database and stores the result with a TTL so stale entries expire. With write-through the app writes to the cache and the database together, which keeps them consistent at the cost of slower writes, while write-back is faster but can lose data. The hard part is cache invalidation, so I prefer short TTLs plus explicit deletes on updates, and I watch the hit rate; for example, caching product pages for 60 seconds cut our database load by 70%.',
      3: 'You can cache static files on a CDN and cache database results in Redis with a TTL so they expire. Write-through caching updates the cache when the database is written. Cache invalidation is hard because data can become stale.',
      2: 'Caching means saving data in memory so the website is faster for the users.',
      1: 'You should make your web application fast by using good servers and a good framework.',
    },
  },
  {
    question: {
      id: 'db-2',
      text: 'What is the difference between SQL and NoSQL databases?',
      expectedKeywords: ['schema', 'transactions', 'horizontal scaling'],
    },
    answers: {
      4: 'SQL databases such as PostgreSQL store data in tables with a fixed schema and relations enforced by foreign keys, and they offer ACID transactions across many rows, which makes them the default for things like payments. NoSQL is a family of models, key-value like DynamoDB, document like MongoDB, wide-column like Cassandra, that usually relax the schema so each record can have different fields. Many NoSQL stores were built for horizontal scaling, partitioning data across nodes by key, and they often trade multi-row transactions or joins for that scale. However, the line is blurry now, since Postgres has JSONB and MongoDB has transactions, so I choose based on the access patterns and consistency needs rather than the label.',
      3: 'SQL databases have a fixed schema with tables and support transactions with ACID guarantees. NoSQL databases like MongoDB have a flexible schema and are designed for horizontal scaling across many servers. SQL is better when you need joins.',
      2: 'SQL uses tables and NoSQL uses documents, and NoSQL is newer and more modern.',
      1: 'Both of them are databases and companies use both of them for their products.',
    },
  },
  {
    question: {
      id: 'beh-1',
      text: 'Tell me about a time you had a conflict with a teammate and how you handled it.',
      phase: 'behavioral',
      expectedKeywords: ['conflict', 'listened', 'agreed'],
    },
    answers: {
      4: 'At my previous company our team was building a payments service, and a senior teammate and I disagreed about whether to split it into microservices before launch. My task was to deliver the first version in six weeks, and the conflict was slowing down every design review. I asked him for a one-on-one, listened to his concerns about scaling, and proposed that we write down both options with their costs. We agreed to ship a modular monolith with clear boundaries and to revisit the split after launch. As a result we launched on time, and three months later we extracted one module into a service in two days because the boundaries were already clean; I learned to move disagreements from opinions to written trade-offs.',
      3: 'In my last job a teammate and I had a conflict about code review style, because he left very long comments. I talked to him privately and listened to his reasons. We agreed on a short checklist for reviews, and after that the reviews went faster.',
      2: 'I had a conflict with a coworker once but we talked about it and it was fine after that.',
      1: 'I get along with everyone and I do not really have problems with people at work.',
    },
  },
  {
    question: {
      id: 'beh-2',
      text: 'Describe a situation where you had to meet a tight deadline.',
      phase: 'behavioral',
      expectedKeywords: ['deadline', 'prioritize', 'scope'],
    },
    answers: {
      4: 'Last year our team had two weeks to ship a data export feature that a large customer needed for an audit, when the original estimate was five weeks. I was responsible for the backend, so I needed to decide what really had to ship by the deadline. I listed every requirement with the customer, and we agreed to prioritize CSV export and drop the PDF format from the scope. I split the work into daily milestones, paired with a colleague on the riskiest part, the pagination of 50 million rows, and set up a nightly test against a copy of production. As a result we delivered one day early, the customer passed the audit, and the PDF export shipped the next sprint; I learned that cutting scope early beats working overtime.',
      3: 'At my previous job we had one week to fix a billing bug before the end of the month deadline. I had to find the root cause, so I prioritized that and moved my other tasks. I worked with QA to test the fix and we released it two days before the deadline.',
      2: 'I had a tight deadline once and I worked a lot of hours to finish it in time.',
      1: 'I always work hard and I think deadlines are important for every project.',
    },
  },
];
