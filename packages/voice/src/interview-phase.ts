/** The phases of an interview plan; the voice loop tunes turn-taking per phase. */
export type InterviewPhase = 'intro' | 'technical' | 'coding' | 'behavioral' | 'wrap_up';
