/**
 * The instructions Llama2-MedTuned was trained with, verbatim, per dataset: the variants of
 * the seed authors' preprocessing scripts (nlpie-research/BioInstTune-LLM,
 * preprocessing-datasets/preprocess_*.py; shared/reference/medtuned-training-data.md).
 * Each training row took one variant at random, so every variant is a prompt the model has
 * seen; which one is asked is a setting (biomedNlp.medtuned.instructionVariant, 1 by
 * default) so that answers stay cacheable. A conformance test compares these strings byte
 * for byte with the reference file.
 */

/** The training datasets whose instructions the medtuned layout uses. */
export type MedtunedDataset = 'ncbi-disease' | 'bc5cdr-disease' | 'bc5cdr-chem' | 'bc2gm' | 'jnlpba' | 'i2b2-2012' | 'i2b2-2010' | 'mednli' | 'gad';

const BC2GM = [
  'Your task is to identify and label gene-related Named Entities within the text. Utilize the BIO labeling scheme, marking the first word of a gene-related phrase as B (Begin), and label the subsequent words within that phrase as I (Inner). Words unrelated to gene-related entities should be labeled as O.',
  'In the provided text, your objective is to recognize and tag gene-related Named Entities using the BIO labeling scheme. Start by labeling the initial word of a gene-related phrase as B (Begin), and then mark the following words in the same phrase as I (Inner). Any words not constituting gene-related entities should receive an O label.',
  'Your task involves annotating the text by identifying and tagging gene-related Named Entities with the BIO labeling scheme. For each gene-related phrase, label the first word as B (Begin), and label the rest of the words within that phrase as I (Inner). Non-gene terms should be labeled as O.',
  'Your mission is to tag gene-related Named Entities in the text using the BIO labeling scheme. When you encounter a gene-related phrase, mark the start with B (Begin) and continue with I (Inner) for the subsequent words in that phrase. Words unrelated to gene-related entities should be labeled as O.',
  'In the provided text, your goal is to identify and label gene-related Named Entities. Apply the BIO labeling scheme by designating the first word of a gene-related phrase as B (Begin), and label the remainder of the words within that phrase as I (Inner). Any terms that do not correspond to gene-related entities should be labeled as O.',
];

export const MEDTUNED_INSTRUCTIONS: Record<MedtunedDataset, readonly string[]> = {
  'ncbi-disease': [
    'Your goal is to detect disease-related Named Entities within the text and apply the BIO labeling scheme. Begin by labeling the first word of a disease-related phrase as B (Begin), and then label the subsequent words in that phrase as I (Inner). Any words not related to diseases should be labeled as O.',
    'In the provided text, your objective is to recognize and label Named Entities associated with diseases using the BIO labeling scheme. Start by marking the beginning of a disease-related phrase with B (Begin), and then continue with I (Inner) for the subsequent words within that phrase. Non-disease words should be labeled as O.',
    'Your task is to spot mentions of diseases in the text and apply the BIO labeling scheme. For each disease-related phrase, label the initial word as B (Begin), and label the rest of the words in the phrase as I (Inner). Any words unrelated to diseases should receive an O label.',
    'In the given text, your mission is to identify Named Entities referring to diseases and employ the BIO labeling scheme. Mark the start of a disease-related phrase with B (Begin), followed by I (Inner) for the remaining words within that phrase. All non-disease terms should be labeled as O.',
    'Your objective is to find instances of diseases within the input text and apply the BIO labeling scheme. Label the first word of each disease-related phrase as B (Begin), and subsequently label the other words in the same phrase as I (Inner). Any words that do not pertain to diseases should be labeled as O.',
  ],
  'bc5cdr-disease': [
    'Your task is to recognize and label Named Entities related to diseases in the text. Use the BIO labeling scheme, marking the first word of a disease-related phrase as B (Begin), and label the subsequent words within that phrase as I (Inner). Words unrelated to diseases should be labeled as O.',
    'In the provided text, your objective is to identify and tag disease-related Named Entities using the BIO labeling scheme. Start by labeling the initial word of a disease-related phrase as B (Begin), and then mark the following words in the same phrase as I (Inner). Any words not pertaining to diseases should receive an O label.',
    'Your task involves annotating the text by identifying and tagging disease-related Named Entities with the BIO labeling scheme. For each disease-related phrase, label the first word as B (Begin), and label the rest of the words within that phrase as I (Inner). Non-disease terms should be labeled as O.',
    'Your mission is to tag disease-related Named Entities in the text using the BIO labeling scheme. When you encounter a disease-related phrase, mark the start with B (Begin) and continue with I (Inner) for the subsequent words in that phrase. Words unrelated to diseases should be labeled as O.',
    'In the provided text, your goal is to identify and label Named Entities associated with diseases. Apply the BIO labeling scheme by designating the first word of a disease-related phrase as B (Begin), and label the remainder of the words within that phrase as I (Inner). Any terms that do not refer to diseases should be labeled as O.',
  ],
  'bc5cdr-chem': [
    'Your task is to identify and label Named Entities related to chemicals in the text. Utilize the BIO labeling scheme, marking the first word of a chemical-related phrase as B (Begin), and label the subsequent words within that phrase as I (Inner). Words unrelated to chemicals should be labeled as O.',
    'In the provided text, your objective is to recognize and tag chemical-related Named Entities using the BIO labeling scheme. Start by labeling the initial word of a chemical-related phrase as B (Begin), and then mark the following words in the same phrase as I (Inner). Any words not pertaining to chemicals should receive an O label.',
    'Your task involves annotating the text by identifying and tagging chemical-related Named Entities with the BIO labeling scheme. For each chemical-related phrase, label the first word as B (Begin), and label the rest of the words within that phrase as I (Inner). Non-chemical terms should be labeled as O.',
    'Your mission is to tag chemical-related Named Entities in the text using the BIO labeling scheme. When you encounter a chemical-related phrase, mark the start with B (Begin) and continue with I (Inner) for the subsequent words in that phrase. Words unrelated to chemicals should be labeled as O.',
    'In the provided text, your goal is to identify and label Named Entities associated with chemicals. Apply the BIO labeling scheme by designating the first word of a chemical-related phrase as B (Begin), and label the remainder of the words within that phrase as I (Inner). Any terms that do not refer to chemicals should be labeled as O.',
  ],
  bc2gm: BC2GM,
  // JNLPBA rows used the same five variants as BC2GM.
  jnlpba: BC2GM,
  'i2b2-2012': [
    "Your task is to identify clinical Named Entities within the text and apply the BIO labeling scheme. Use the following labels to categorize each entity:\nOCCURRENCE: If the entity represents a clinical incident or event.\nPROBLEM: If the entity indicates a medical problem.\nTEST: If the entity pertains to a medical test.\nTREATMENT: If the entity refers to a medical treatment.\nEVIDENTIAL: If the entity provides evidence.\nCLINICAL_DEPT: If the entity relates to a clinical department.\nO: If the entity doesn't fit into any of the above categories.",
    'In your role, you are tasked with detecting clinical Named Entities within the text. Implement the BIO labeling scheme and use the following labels to classify each entity:\nOCCURRENCE: If the entity signifies a clinical incident or event.\nPROBLEM: If the entity denotes a medical problem.\nTEST: If the entity represents a medical test.\nTREATMENT: If the entity corresponds to a medical treatment.\nEVIDENTIAL: If the entity offers evidence.\nCLINICAL_DEPT: If the entity relates to a clinical department.\nO: If the entity does not fall into any of the above categories.',
    'Your goal as an annotator is to recognize clinical Named Entities in the text and apply the BIO labeling scheme. Use the following labels to classify each entity:\nOCCURRENCE: If the entity describes a clinical incident or event.\nPROBLEM: If the entity denotes a medical problem.\nTEST: If the entity represents a medical test.\nTREATMENT: If the entity refers to a medical treatment.\nEVIDENTIAL: If the entity provides evidence.\nCLINICAL_DEPT: If the entity relates to a clinical department.\nO: If the entity does not fit into any of the above categories.',
    'In your capacity, you are responsible for detecting clinical Named Entities within the text. Apply the BIO labeling scheme and use the following labels to categorize each entity:\nOCCURRENCE: If the entity signifies a clinical incident or event.\nPROBLEM: If the entity indicates a medical problem.\nTEST: If the entity pertains to a medical test.\nTREATMENT: If the entity refers to a medical treatment.\nEVIDENTIAL: If the entity provides evidence.\nCLINICAL_DEPT: If the entity relates to a clinical department.\nO: If the entity does not fall into any of the above categories.',
    'Your role involves identifying clinical Named Entities in the text and applying the BIO labeling scheme. Utilize the following labels to classify each entity:\nOCCURRENCE: If the entity represents a clinical incident or event.\nPROBLEM: If the entity denotes a medical problem.\nTEST: If the entity corresponds to a medical test.\nTREATMENT: If the entity relates to a medical treatment.\nEVIDENTIAL: If the entity provides evidence.\nCLINICAL_DEPT: If the entity relates to a clinical department.\nO: If the entity does not fit into any of the above categories.',
  ],
  'i2b2-2010': [
    'Your task is to determine the relationships between medical problems, treatments, and tests within the clinical text. Medical problems are marked as @problem$, medical tests are marked as @test$, and treatments are marked as @treatment$. Categorize the relationship between two entities in the text as one of the following options:\nTreatment improves medical problem (TrIP)\nTreatment worsens medical problem (TrWP)\nTreatment causes medical problem (TrCP)\nTreatment is administered for medical problem (TrAP)\nTreatment is not administered because of medical problem (TrNAP)\nTest reveals medical problem (TeRP)\nTest conducted to investigate medical problem (TeCP)\nMedical problem indicates medical problem (PIP)\nNo Relations',
    'In the clinical text, your objective is to identify relationships between medical problems, treatments, and tests. Medical problems are tagged as @problem$, medical tests as @test$, and treatments as @treatment$. Classify the relationship between two entities as one of the following:\nTreatment improves medical problem (TrIP)\nTreatment worsens medical problem (TrWP)\nTreatment causes medical problem (TrCP)\nTreatment is administered for medical problem (TrAP)\nTreatment is not administered because of medical problem (TrNAP)\nTest reveals medical problem (TeRP)\nTest conducted to investigate medical problem (TeCP)\nMedical problem indicates medical problem (PIP)\nNo Relations',
    'In the clinical text, your goal is to determine connections between medical problems, treatments, and tests. The markers @problem$, @test$, and @treatment$ are used to tag these entities in the text. Categorize the relation between two entities as one of the following options:\nTreatment improves medical problem (TrIP)\nTreatment worsens medical problem (TrWP)\nTreatment causes medical problem (TrCP)\nTreatment is administered for medical problem (TrAP)\nTreatment is not administered because of medical problem (TrNAP)\nTest reveals medical problem (TeRP)\nTest conducted to investigate medical problem (TeCP)\nMedical problem indicates medical problem (PIP)\nNo Relations',
  ],
  mednli: [
    'Your goal is to determine the relationship between the two provided clinical sentences and classify them into one of the following categories:\nContradiction: If the two sentences contradict each other.\nNeutral: If the two sentences are unrelated to each other.\nEntailment: If one of the sentences logically entails the other.',
    'Your task is to assess the connection between the given clinical sentences and place them into one of these categories:\nContradiction: If the two sentences conflict or are in opposition.\nNeutral: If there is no clear logical connection between the sentences.\nEntailment: If one sentence can be logically inferred or implied by the other.',
    'Your mission is to identify the logical relationship between the two clinical sentences and categorize them as:\nContradiction: If the sentences contradict each other in their meaning.\nNeutral: If there is no significant connection or logical inference between the sentences.\nEntailment: If one sentence logically implies or entails the other.',
    'In the provided clinical sentences, your objective is to determine their relationship and assign one of the following labels:\nContradiction: If the sentences present conflicting information.\nNeutral: If there is no apparent logical relationship between the sentences.\nEntailment: If one sentence logically implies or necessitates the other.',
    'Your task involves evaluating the connection between the two clinical sentences and classifying them into one of these categories:\nContradiction: If the sentences are in direct opposition or conflict.\nNeutral: If there is no clear logical association between the sentences.\nEntailment: If one sentence logically follows or implies the other.',
  ],
  // Prepared by the authors but commented out of the final training mix: the model never saw it.
  gad: [
    'In your capacity as a medical expert, your objective is to ascertain the connections between genes and diseases within the clinical text. Genes are denoted as @GENE$, and diseases are indicated as @DISEASE$. Categorize the relationship between genes and diseases in the text as one of the following options:\nPositive: If there is a clear relation between the mentioned gene and disease in the text.\nNegative: If there is no apparent relation between the mentioned gene and disease in the text.',
    'Your role as a medical expert involves identifying the associations between genes and diseases in the clinical text. Genes are labeled as @GENE$, and diseases are marked as @DISEASE$. Classify the relationship between genes and diseases in the text as either:\nPositive: If there is an evident relation between the mentioned gene and disease in the text.\nNegative: If there is no discernible relation between the mentioned gene and disease in the text.',
    'Your task as a medical expert is to uncover the links between genes and diseases in the provided clinical text. Genes are indicated as @GENE$, and diseases are represented as @DISEASE$. Categorize the relationship between genes and diseases in the text as one of the following options:\nPositive: If there is a clear connection between the mentioned gene and disease in the text.\nNegative: If there is no observable connection between the mentioned gene and disease in the text.',
    'As a medical expert, your mission is to identify the relationships between genes and diseases in the clinical text. Genes are tagged as @GENE$, and diseases are noted as @DISEASE$. Classify the relationship between genes and diseases in the text as either:\nPositive: If there is an evident correlation between the mentioned gene and disease in the text.\nNegative: If there is no discernible correlation between the mentioned gene and disease in the text.',
    'In your role as a medical expert, you are tasked with determining the links between genes and diseases in the clinical text. Genes are designated as @GENE$, and diseases are highlighted as @DISEASE$. Categorize the relationship between genes and diseases in the text as one of the following options:\nPositive: If there is a clear connection between the mentioned gene and disease in the text.\nNegative: If there is no apparent connection between the mentioned gene and disease in the text.',
  ],
};

/** Datasets of the final training mix (preprocess_final_instructions.py): GAD is not one. */
export const TRAINED_DATASETS: ReadonlySet<MedtunedDataset> = new Set<MedtunedDataset>([
  'ncbi-disease',
  'bc5cdr-disease',
  'bc5cdr-chem',
  'bc2gm',
  'jnlpba',
  'i2b2-2012',
  'i2b2-2010',
  'mednli',
]);

/** The most variants any set has: the range of biomedNlp.medtuned.instructionVariant. */
export const MAX_INSTRUCTION_VARIANT = 5;

/**
 * Variant `n` (1-based) of `dataset`'s instructions. A set with fewer variants (i2b2-2010
 * relations have 3) wraps around: variant 4 is its first, 5 its second.
 */
export function medtunedInstruction(dataset: MedtunedDataset, n: number): string {
  const set = MEDTUNED_INSTRUCTIONS[dataset];
  const i = Math.max(1, Math.floor(n)) - 1;
  return set[i % set.length];
}
