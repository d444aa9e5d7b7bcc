#!/usr/bin/python3
"""Regenerates the SentencePiece oracle files next to this script (see README.md).

Run with the Debian python3-sentencepiece (0.1.97) and spm_train on PATH:
    /usr/bin/python3 generate.py
"""
import gzip, json, os, random, subprocess, sys
import sentencepiece as spm

HERE = os.path.dirname(os.path.abspath(__file__))
FIX = os.path.join(HERE, '..', 'fixtures', 'spm')
SEED = 20240611

POOLS = [
    'abcdefghijklmnopqrstuvwxyz', 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', '0123456789', '.,;:!?()[]{}<>"\'-_/\\@#$%^&*+=~|`',
    '     ', '\t\n\r', '\u00a0\u3000\u2002\u2003\u200b\u200c\u200d\ufeff',
    'àáâãäåæçèéêëìíîïñòóôõöøùúûüýÿÀÉÎÕÜßœŒ', '\u0301\u0300\u0308\u0327\u030a',
    'ЀЁЂабвгдежзийклмнопрстуфхцчшщъыьэюяАБВГДЕЖЗ', 'αβγδεζηθικλμνξοπρστυφχψωΑΒΓΔ',
    'الكتابةبِسْمِٱللَّٰهِ', 'हिन्दीमेंपाठक्षत्रज्ञ', 'ภาษาไทยสวัสดี',
    '日本語のテキストを分割します東京は首都です', '我爱自然语言处理北京欢迎你', '한국어텍스트',
    'ｶﾀｶﾅﾃｽﾄﾊﾋﾌﾍﾎﾟﾞｱｲｳｴｵ', 'ＡＢＣａｂｃ０１２！？', 'ﬁﬂ²³①②Ⅻ㍿℃™…‰',
    '😀👍🏽🏿🇩🇪🇯🇵❤️👨‍👩‍👧\U0001F3F3\uFE0F\u200D\U0001F308', '𠀀𠀁𝐀𝐁𝟙𝟚',
    '\x00\x01\x07\x1b\x7f\x85\u2028\u2029\ufffd', '\u2581▁_', '<s></s><unk><pad><mask><sep>XYZ',
]

def random_text(rng, words):
    kind = rng.random()
    if kind < 0.3:
        return ' '.join(rng.choice(words) for _ in range(rng.randint(1, 12)))
    if kind < 0.4:  # tie-heavy repetitions
        return rng.choice(['X', 'ab', 'aa', 'ー', '0', '!', '▁']) * rng.randint(1, 40)
    out = []
    for _ in range(rng.randint(0, 40)):
        pool = rng.choice(POOLS)
        out.append(pool[rng.randrange(len(pool))] if rng.random() < 0.8 else rng.choice(words))
    return ''.join(out)

def texts(rng, n):
    samples = json.load(open(os.path.join(FIX, 'samples.json'), encoding='utf-8'))
    words = [w for s in samples for w in s.split() if w] or ['a']
    out = [random_text(rng, words) for _ in range(n)]
    # Python strings with lone surrogates cannot be passed to sentencepiece; drop none are produced here.
    return out

def train(name, extra):
    prefix = os.path.join('/tmp', 'spm-oracle-' + name)
    corpus = prefix + '.txt'
    samples = json.load(open(os.path.join(FIX, 'samples.json'), encoding='utf-8'))
    with open(corpus, 'w', encoding='utf-8') as f:
        for s in samples:
            f.write(s.replace('\n', ' ') + '\n')
    subprocess.run(['spm_train', '--input=' + corpus, '--model_prefix=' + prefix, '--vocab_size=600',
                    '--num_threads=1', '--character_coverage=0.98'] + extra, check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    data = open(prefix + '.model', 'rb').read()
    open(os.path.join(HERE, name + '.model'), 'wb').write(data)
    return os.path.join(HERE, name + '.model')

def dump(name, model_path, inputs, options):
    sp = spm.SentencePieceProcessor(model_file=model_path)
    with gzip.open(os.path.join(HERE, name + '.jsonl.gz'), 'wt', encoding='utf-8') as f:
        f.write(json.dumps({'model': os.path.basename(model_path), 'sentencepiece': spm.__version__,
                            'train_options': options, 'count': len(inputs)}, ensure_ascii=False) + '\n')
        for t in inputs:
            ids = sp.encode(t)
            f.write(json.dumps({'text': t, 'ids': ids, 'pieces': sp.encode(t, out_type=str),
                                'decoded': sp.decode(ids)}, ensure_ascii=False) + '\n')

def main():
    rng = random.Random(SEED)
    dump('fixture-unigram', os.path.join(FIX, 'unigram.model'), texts(rng, 3000), 'fixtures/spm/unigram.model')
    opts = ['--model_type=unigram', '--byte_fallback=true', '--user_defined_symbols=<sep>,XYZ,ab',
            '--control_symbols=<ctl>', '--split_digits=true']
    dump('bytefallback-unigram', train('bytefallback-unigram', opts), texts(rng, 1500), ' '.join(opts))
    opts = ['--model_type=unigram', '--treat_whitespace_as_suffix=true', '--remove_extra_whitespaces=false',
            '--normalization_rule_name=nfkc_cf', '--user_defined_symbols=XYZ']
    dump('suffix-unigram', train('suffix-unigram', opts), texts(rng, 1500), ' '.join(opts))
    dump('fixture-bpe', os.path.join(FIX, 'bpe.model'), texts(rng, 2000), 'fixtures/spm/bpe.model')

if __name__ == '__main__':
    main()
