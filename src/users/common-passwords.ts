/**
 * Passwords attackers try first: the head of the public breach-frequency lists (RockYou, the "10k most common"
 * lists, Chinese leaks such as CSDN/Tianya), lower-cased. The policy also strips leading and trailing digits and
 * symbols before looking a password up, so "Password2026!" is caught by "password".
 */
export const COMMON_PASSWORDS: ReadonlySet<string> = new Set(
  `
password passw0rd p@ssword p@ssw0rd pass passwd password1 password12 password123 password1234 passwordpassword
123456 1234567 12345678 123456789 1234567890 12345678910 0123456789 0987654321 9876543210 1122334455 1234512345
1111111111 0000000000 1212121212 1231231231 123123123 123321123 1q2w3e4r 1q2w3e4r5t 1q2w3e4r5t6y 1qaz2wsx 1qaz2wsx3edc
qwerty qwertyuiop qwertyui qwerty123 qwertyuiop123 asdfghjkl asdfghjkl; asdfasdf asdf1234 zxcvbnm zxcvbnm123 qazwsx
qazwsxedc qweasdzxc qweqweqwe qwe123qwe abc123 abcd1234 abcdefg abcdefgh abcdefghij abcdefghijk a1b2c3d4 a1b2c3d4e5
iloveyou iloveu loveyou lovely love monkey dragon football baseball basketball soccer hockey sunshine princess
welcome welcome1 letmein letmeinnow admin admin123 administrator root toor master mastermaster shadow superman batman
spiderman starwars trustno1 whatever freedom michael jennifer jordan hunter hunter2 killer charlie thomas robert
daniel andrew joshua matthew jessica ashley michelle nicole amanda summer winter autumn spring flower butterfly
chocolate cookie cheese pepper ginger orange banana computer internet security secret secretpassword changeme
changeit default guest test tester testing test123 user user123 login access access14 mustang ferrari porsche
harley corvette yankees lakers chelsea arsenal liverpool manchester barcelona realmadrid pokemon naruto minecraft
fortnite zaq12wsx zaq1zaq1 !qaz2wsx qwerty1234 q1w2e3r4 q1w2e3r4t5 1q2w3e 11111111 22222222 88888888 66666666
12344321 147258369 159753 159357 741852963 987654321 246810 135790 112233 121212 131313 123abc abc
woaini woaini1314 woaiwojia 5201314 520520 1314520 aini1314 wodemima mima mimamima zhang wang li liu chen yang
zhangwei wangwei wangfang lina liuyang zhongguo china beijing shanghai shenzhen guangzhou baidu taobao tencent
qq123456 qqqqqqqq aaaaaaaa asdasdasd zzzzzzzz xiaoming xiaohong laopo laogong baobao baobei dingding
jindou crm sales salesforce hubspot company business office manager customer service support
`
    .trim()
    .split(/\s+/),
);
